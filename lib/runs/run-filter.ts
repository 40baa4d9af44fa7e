import { invalid } from "@/lib/errors";

/**
 * The run filter language, shared by the runs table, the API and notebook blocks:
 *
 *   params.lr < 0.01 and tags.baseline
 *   metrics.val/loss.min <= 0.3 or not status = crashed
 *   resnet "data aug"                      (bare words: text search in name, notes, tags)
 *
 * Fields: `params.<path>` (dotted path into params), `metrics.<key>` (last value; suffix
 * `.min`, `.max` or `.last`), `tags.<tag>` (has the tag), and `name`, `status`, `notes`,
 * `author`, `group`. Operators: `= != < <= > >= ~` (`~` = contains). A field alone tests
 * presence. `and` binds tighter than `or`; adjacent terms are joined by `and`.
 */

export type Op = "=" | "!=" | "<" | "<=" | ">" | ">=" | "~";
export type Literal = string | number | boolean;
export type RunField = "name" | "status" | "notes" | "author" | "group";

export type Field =
  | { scope: "params"; path: string[] }
  | { scope: "metrics"; key: string; agg: "last" | "min" | "max" }
  | { scope: "tags"; tag: string }
  | { scope: "run"; name: RunField };

export type FilterNode =
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; expr: FilterNode }
  | { kind: "compare"; field: Field; op: Op; value: Literal }
  | { kind: "has"; field: Field }
  | { kind: "text"; text: string };

type Token =
  | { type: "word"; text: string; at: number }
  | { type: "string"; text: string; at: number }
  | { type: "number"; value: number; text: string; at: number }
  | { type: "op"; op: Op; at: number }
  | { type: "paren"; open: boolean; at: number };

const RUN_FIELDS = new Set<RunField>(["name", "status", "notes", "author", "group"]);
const MAX_LENGTH = 2000;

function fail(message: string, at: number): never {
  throw invalid(`Invalid filter at character ${at + 1}: ${message}`);
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ type: "paren", open: c === "(", at: i });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = "";
      while (j < input.length && input[j] !== c) {
        if (input[j] === "\\" && j + 1 < input.length) j++;
        text += input[j];
        j++;
      }
      if (j >= input.length) fail("unterminated string", i);
      tokens.push({ type: "string", text, at: i });
      i = j + 1;
    } else if ("=!<>~".includes(c)) {
      const two = input.slice(i, i + 2);
      const op = ["<=", ">=", "!=", "=="].includes(two) ? two : c;
      if (op === "!") fail('"!" must be followed by "="', i);
      tokens.push({ type: "op", op: (op === "==" ? "=" : op) as Op, at: i });
      i += op.length;
    } else {
      let j = i;
      while (j < input.length && !/[\s()=!<>~"']/.test(input[j] as string)) j++;
      const text = input.slice(i, j);
      const n = Number(text);
      if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) && Number.isFinite(n)) tokens.push({ type: "number", value: n, text, at: i });
      else tokens.push({ type: "word", text, at: i });
      i = j;
    }
  }
  return tokens;
}

function toField(text: string, at: number): Field | null {
  const lower = text.toLowerCase();
  if (RUN_FIELDS.has(lower as RunField)) return { scope: "run", name: lower as RunField };
  const dot = text.indexOf(".");
  if (dot < 0) return null;
  const scope = lower.slice(0, dot);
  const rest = text.slice(dot + 1);
  if (!["params", "metrics", "tags"].includes(scope)) return null;
  if (!rest) fail(`"${text}" needs a name after the dot`, at);
  if (scope === "params") return { scope, path: rest.split(".") };
  if (scope === "tags") return { scope, tag: rest };
  const agg = /\.(min|max|last)$/.exec(rest);
  return agg ? { scope: "metrics", key: rest.slice(0, -agg[0].length), agg: agg[1] as "min" | "max" | "last" } : { scope: "metrics", key: rest, agg: "last" };
}

/** Parses a filter; empty input gives null; errors name the position. */
export function parseRunFilter(input: string): FilterNode | null {
  if (input.length > MAX_LENGTH) throw invalid(`Invalid filter: at most ${MAX_LENGTH} characters`);
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const isKeyword = (t: Token | undefined, k: string) => t?.type === "word" && t.text.toLowerCase() === k;

  const parseOr = (): FilterNode => {
    let left = parseAnd();
    while (isKeyword(peek(), "or")) {
      pos++;
      left = { kind: "or", left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterNode => {
    let left = parseUnary();
    for (;;) {
      const t = peek();
      if (!t || isKeyword(t, "or") || (t.type === "paren" && !t.open)) return left;
      if (isKeyword(t, "and")) pos++;
      left = { kind: "and", left, right: parseUnary() };
    }
  };
  const parseUnary = (): FilterNode => {
    const t = peek();
    if (!t) fail("expected a condition", input.length);
    if (isKeyword(t, "not")) {
      pos++;
      return { kind: "not", expr: parseUnary() };
    }
    if (t.type === "paren") {
      if (!t.open) fail('unexpected ")"', t.at);
      pos++;
      const expr = parseOr();
      const close = peek();
      if (close?.type !== "paren" || close.open) fail('expected ")"', close?.at ?? input.length);
      pos++;
      return expr;
    }
    if (t.type === "op") fail(`unexpected "${t.op}"`, t.at);
    pos++;
    const field = t.type === "word" ? toField(t.text, t.at) : null;
    const op = peek();
    if (field && op?.type === "op") {
      pos++;
      const v = peek();
      if (!v || v.type === "op" || v.type === "paren") fail(`expected a value after "${op.op}"`, v?.at ?? input.length);
      pos++;
      const value: Literal =
        v.type === "number" ? v.value : v.type === "word" && (v.text === "true" || v.text === "false") ? v.text === "true" : v.text;
      if (field.scope === "tags") fail(`tags.${field.tag} takes no operator; write tags.${field.tag} or not tags.${field.tag}`, op.at);
      if (field.scope === "metrics" && typeof value !== "number") fail(`metrics compare with numbers`, v.at);
      return { kind: "compare", field, op: op.op, value };
    }
    if (field && field.scope !== "run") return { kind: "has", field };
    return { kind: "text", text: t.text };
  };

  if (tokens.length === 0) return null;
  const node = parseOr();
  const rest = peek();
  if (rest) fail(rest.type === "paren" ? 'unexpected ")"' : "unexpected input", rest.at);
  return node;
}
