/**
 * @mentions inside a comment's markdown. The stored body carries one token per mention,
 * `@[Ada Lovelace](user:<id>)`: a markdown link, so it survives any markdown renderer, with the
 * id that makes it unambiguous. The composer shows people `@Ada Lovelace` and converts on send.
 */

const TOKEN = /@\[([^[\]\n]{1,100})\]\(user:([\w-]{1,128})\)/g;
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

export interface Mention {
  id: string;
  name: string;
}

/** The token the stored body carries for one mention; brackets and newlines leave the name. */
export function mentionToken(mention: Mention): string {
  const name = mention.name.replace(/[[\]()\n\r]/g, " ").replace(/\s+/g, " ").trim().slice(0, 100) || "user";
  return `@[${name}](user:${mention.id})`;
}

/** Distinct user ids mentioned in a body, in order of first mention; code spans do not mention. */
export function mentionedUserIds(body: string): string[] {
  const ids = new Set<string>();
  for (const match of body.replace(CODE, " ").matchAll(TOKEN)) {
    if (match[2]) ids.add(match[2]);
  }
  return [...ids];
}

/**
 * The body with each token turned into a plain markdown link whose text keeps the `@`
 * (`[@Ada](user:<id>)`), so a renderer can draw the whole mention as one chip. Code is untouched.
 */
export function mentionsAsLinks(body: string): string {
  let out = "";
  let last = 0;
  for (const code of body.matchAll(CODE)) {
    out += body.slice(last, code.index).replace(TOKEN, "[@$1](user:$2)") + code[0];
    last = code.index + code[0].length;
  }
  return out + body.slice(last).replace(TOKEN, "[@$1](user:$2)");
}

/** The id in a mention link's href (`user:<id>`), or null for any other href. */
export function mentionHrefId(href: string | undefined): string | null {
  const match = /^user:([\w-]{1,128})$/.exec(href ?? "");
  return match?.[1] ?? null;
}

/** A stored body as the composer shows it, `@Name` for each token, with the mentions it held. */
export function toDisplayText(body: string): { text: string; mentions: Mention[] } {
  const mentions: Mention[] = [];
  const text = body.replace(TOKEN, (_token, name: string, id: string) => {
    if (!mentions.some((m) => m.id === id)) mentions.push({ id, name });
    return `@${name}`;
  });
  return { text, mentions };
}

/**
 * The body to store for what the composer shows: each `@Name` of a picked mention becomes its
 * token. Longer names go first so "@Ada Lovelace" is not taken for "@Ada".
 */
export function fromDisplayText(text: string, mentions: readonly Mention[]): string {
  let body = text;
  const byLength = [...mentions].sort((a, b) => b.name.length - a.name.length);
  for (const mention of byLength) {
    const shown = new RegExp(`(^|[^\\w@[])@${escapeRegExp(mention.name)}(?![\\w-])`, "g");
    body = body.replace(shown, (_all, before: string) => `${before}${mentionToken(mention)}`);
  }
  return body;
}

/** The `@query` being typed just before the caret, if any, for autocompletion. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s(])@([^\s@[\]()]{0,40}(?: [^\s@[\]()]{1,40})?)$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? "";
  return { start: caret - query.length - 1, query };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
