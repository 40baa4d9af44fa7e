import { describe, expect, it } from "vitest";
import { fromDisplayText, mentionedUserIds, mentionHrefId, mentionsAsLinks, mentionQueryAt, mentionToken, toDisplayText } from "./mentions";

const ada = { id: "u-ada", name: "Ada Lovelace" };
const adam = { id: "u-adam", name: "Ada" };

describe("mentions", () => {
  it.each<[string, string, string]>([
    ["a plain name", "Ada Lovelace", "@[Ada Lovelace](user:u1)"],
    ["brackets and parentheses", "Ada [ops] (PhD)", "@[Ada ops PhD](user:u1)"],
    ["a newline", "Ada\nLovelace", "@[Ada Lovelace](user:u1)"],
    ["nothing left", "[]", "@[user](user:u1)"],
  ])("tokenizes %s", (_label, name, token) => {
    expect(mentionToken({ id: "u1", name })).toBe(token);
  });

  it.each<[string, string, string[]]>([
    ["no mentions", "plain **markdown**", []],
    ["two people, one twice", "@[Ada](user:a) and @[Bo](user:b), again @[Ada](user:a)", ["a", "b"]],
    ["a token in a code span", "see `@[Ada](user:a)` and @[Bo](user:b)", ["b"]],
    ["a token in a fenced block", "```\n@[Ada](user:a)\n```\n@[Bo](user:b)", ["b"]],
    ["a link that is not a mention", "[Ada](https://example.com) @Ada", []],
    ["a bad id", "@[Ada](user:a b)", []],
  ])("finds ids in %s", (_label, body, ids) => {
    expect(mentionedUserIds(body)).toEqual(ids);
  });

  it.each<[string, string, string]>([
    ["a mention", "hi @[Ada](user:a)!", "hi [@Ada](user:a)!"],
    ["two, around code", "@[Ada](user:a) `@[Bo](user:b)` @[Bo](user:b)", "[@Ada](user:a) `@[Bo](user:b)` [@Bo](user:b)"],
    ["a fenced block", "```\n@[Ada](user:a)\n```", "```\n@[Ada](user:a)\n```"],
    ["no mention", "plain", "plain"],
  ])("links %s for rendering", (_label, body, linked) => {
    expect(mentionsAsLinks(body)).toBe(linked);
  });

  it.each<[string | undefined, string | null]>([
    ["user:abc-1_2", "abc-1_2"],
    ["user:", null],
    ["https://example.com", null],
    ["javascript:user:x", null],
    [undefined, null],
  ])("reads the id of href %s", (href, id) => {
    expect(mentionHrefId(href)).toBe(id);
  });

  it("shows tokens as @Name in the composer and converts back on send", () => {
    const body = `${mentionToken(ada)} please look, cc ${mentionToken(adam)}`;
    const shown = toDisplayText(body);
    expect(shown.text).toBe("@Ada Lovelace please look, cc @Ada");
    expect(shown.mentions).toEqual([ada, adam]);
    expect(fromDisplayText(shown.text, shown.mentions)).toBe(body);
  });

  it.each<[string, string, string]>([
    ["at the start", "@Ada hi", "@[Ada](user:u-adam) hi"],
    ["the longer name first", "@Ada Lovelace and @Ada", "@[Ada Lovelace](user:u-ada) and @[Ada](user:u-adam)"],
    ["followed by punctuation", "thanks @Ada!", "thanks @[Ada](user:u-adam)!"],
    ["not inside a word or email", "mail ada@Ada.org or @Adam", "mail ada@Ada.org or @Adam"],
    ["a name no longer written", "hello", "hello"],
  ])("converts display text %s", (_label, text, body) => {
    expect(fromDisplayText(text, [adam, ada])).toBe(body);
  });

  it.each<[string, number, { start: number; query: string } | null]>([
    ["@", 1, { start: 0, query: "" }],
    ["hi @ad", 6, { start: 3, query: "ad" }],
    ["hi @Ada Lo", 10, { start: 3, query: "Ada Lo" }],
    ["(@bo", 4, { start: 1, query: "bo" }],
    ["mail a@b", 8, null],
    ["hi @ada ", 8, null],
    ["@ada and more", 4, { start: 0, query: "ada" }],
  ])("finds the mention being typed in %j at %i", (text, caret, expected) => {
    expect(mentionQueryAt(text, caret)).toEqual(expected);
  });
});
