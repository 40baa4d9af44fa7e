import { invalid } from "@/lib/errors";

/**
 * MLflow's search filter and order_by syntax (mlflow/utils/search_utils.py), for
 * runs/search and experiments/search:
 *
 *   metrics.rmse < 1 and params.model = 'lr' and tags.`team name` LIKE 'vis%'
 *   attributes.status = 'FINISHED' and run_id IN ('a1', 'b2')
 *
 * Conditions are joined by AND only (as in MLflow); a bare name is an attribute. Keys
 * with special characters are quoted with backticks or double quotes. Anything else (OR,
 * parentheses, IS NULL) is refused with a message naming it.
 */

export type EntityType = "metric" | "parameter" | "tag" | "attribute" | "dataset";
export type Comparator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";

export interface Clause {
  type: EntityType;
  key: string;
  comparator: Comparator;
  value: string | number | string[];
}

export interface OrderBy {
  type: EntityType;
  key: string;
  ascending: boolean;
}

/** What one search endpoint accepts. */
export interface SearchGrammar {
  entities: readonly EntityType[];
  /** Filterable attributes and their kind; `list` attributes also take `IN (...)`. */
  attributes: Readonly<Record<string, "string" | "numeric" | "list">>;
  /** Sortable attributes. */
  orderable: readonly string[];
  /** Alternative attribute names, e.g. `created` for `start_time`. */
  aliases?: Readonly<Record<string, string>>;
}

const ENTITY_NAMES: Record<string, EntityType> = {
  metric: "metric",
  metrics: "metric",
  parameter: "parameter",
  parameters: "parameter",
  param: "parameter",
  params: "parameter",
  tag: "tag",
  tags: "tag",
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  run: "attribute",
  dataset: "dataset",
  datasets: "dataset",
};

const NUMERIC_COMPARATORS: readonly Comparator[] = [">", ">=", "!=", "=", "<", "<="];
const STRING_COMPARATORS: readonly Comparator[] = ["!=", "=", "LIKE", "ILIKE"];
const LIST_COMPARATORS: readonly Comparator[] = [...STRING_COMPARATORS, "IN", "NOT IN"];

type Token =
  | { kind: "identifier"; entity: string | null; key: string; text: string }
  | { kind: "keyword"; word: string; text: string }
  | { kind: "string"; value: string; text: string }
  | { kind: "number"; value: number; text: string }
  | { kind: "operator"; op: Comparator; text: string }
  | { kind: "punctuation"; char: "(" | ")" | ","; text: string };

const KEYWORDS = new Set(["AND", "OR", "LIKE", "ILIKE", "IN", "NOT", "IS", "NULL", "ASC", "DESC"]);

function readQuoted(input: string, start: number): { value: string; end: number } {
  const quote = input[start] as string;
  let value = "";
  let i = start + 1;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === "\\" && quote !== "`" && i + 1 < input.length) {
      value += input[i + 1];
      i += 2;
    } else if (c === quote && input[i + 1] === quote) {
      value += quote;
      i += 2;
    } else if (c === quote) {
      return { value, end: i + 1 };
    } else {
      value += c;
      i++;
    }
  }
  throw invalid(`Invalid filter: unterminated quote at character ${start + 1} of '${input}'`);
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: "punctuation", char: c, text: c });
      i++;
      continue;
    }
    const op = /^(!=|<>|<=|>=|==|=|<|>)/.exec(input.slice(i))?.[0];
    if (op) {
      tokens.push({ kind: "operator", op: op === "<>" ? "!=" : op === "==" ? "=" : (op as Comparator), text: op });
      i += op.length;
      continue;
    }
    if (c === "'" || c === '"') {
      const { value, end } = readQuoted(input, i);
      tokens.push({ kind: "string", value, text: input.slice(i, end) });
      i = end;
      continue;
    }
    const number = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?(?![\w.])/i.exec(input.slice(i))?.[0];
    if (number) {
      tokens.push({ kind: "number", value: Number(number), text: number });
      i += number.length;
      continue;
    }
    if (/[A-Za-z_`]/.test(c)) {
      const start = i;
      let head: string;
      let quotedHead = false;
      if (c === "`") {
        const q = readQuoted(input, i);
        head = q.value;
        quotedHead = true;
        i = q.end;
      } else {
        const m = /^[\w-]+/.exec(input.slice(i))?.[0] ?? "";
        head = m;
        i += m.length;
      }
      if (input[i] === "." && i + 1 < input.length) {
        i++;
        let key: string;
        if (input[i] === "`" || input[i] === '"' || input[i] === "'") {
          const q = readQuoted(input, i);
          key = q.value;
          i = q.end;
        } else {
          const m = /^[\w./-]+/.exec(input.slice(i))?.[0] ?? "";
          key = m;
          i += m.length;
        }
        tokens.push({ kind: "identifier", entity: head, key, text: input.slice(start, i) });
      } else if (!quotedHead && KEYWORDS.has(head.toUpperCase())) {
        tokens.push({ kind: "keyword", word: head.toUpperCase(), text: head });
      } else {
        tokens.push({ kind: "identifier", entity: null, key: head, text: input.slice(start, i) });
      }
      continue;
    }
    throw invalid(`Invalid filter: unexpected character '${c}' at character ${i + 1} of '${input}'`);
  }
  return tokens;
}

function entityOf(token: Extract<Token, { kind: "identifier" }>, grammar: SearchGrammar): { type: EntityType; key: string } {
  if (token.entity === null) return { type: "attribute", key: token.key };
  const type = ENTITY_NAMES[token.entity];
  if (!type || !grammar.entities.includes(type)) {
    const valid = grammar.entities.map((e) => `'${e}'`).join(", ");
    throw invalid(`Invalid entity type '${token.entity}'. Valid values are [${valid}]`);
  }
  if (type === "dataset") throw invalid(`Unsupported filter syntax: dataset filters ('${token.text}') are not supported by Labbook`);
  if (token.key === "") throw invalid(`Invalid identifier '${token.text}': a key must follow the dot`);
  return { type, key: token.key };
}

function attributeKey(key: string, grammar: SearchGrammar, valid: readonly string[]): string {
  const resolved = grammar.aliases?.[key] ?? key;
  if (!valid.includes(resolved)) {
    throw invalid(`Invalid attribute key '${key}' specified. Valid keys are '${JSON.stringify(valid)}'`);
  }
  return resolved;
}

function checkComparator(comparator: Comparator, allowed: readonly Comparator[]): void {
  if (!allowed.includes(comparator)) {
    throw invalid(`Invalid comparator '${comparator}' not one of '${JSON.stringify(allowed)}'`);
  }
}

/** Parses a filter into AND-ed clauses; an empty filter gives none. */
export function parseSearchFilter(filter: string | undefined, grammar: SearchGrammar): Clause[] {
  if (!filter || filter.trim() === "") return [];
  if (filter.length > 10_000) throw invalid("Invalid filter: at most 10,000 characters");
  const tokens = tokenize(filter);
  const clauses: Clause[] = [];
  let pos = 0;
  const next = () => tokens[pos++];
  for (;;) {
    const first = next();
    if (!first) throw invalid(`Invalid filter '${filter}': expected a condition after AND`);
    if (first.kind === "keyword" && first.word === "OR") throw invalid(`Unsupported filter syntax: OR; MLflow filters join conditions with AND only`);
    if (first.kind === "punctuation") throw invalid(`Unsupported filter syntax: parentheses ('${first.text}'); join conditions with AND`);
    if (first.kind !== "identifier") throw invalid(`Invalid comparison clause. Expected 'Identifier' found '${first.text}'`);
    const { type, key: rawKey } = entityOf(first, grammar);

    let comparator: Comparator;
    const opToken = next();
    if (opToken?.kind === "operator") comparator = opToken.op;
    else if (opToken?.kind === "keyword" && (opToken.word === "LIKE" || opToken.word === "ILIKE" || opToken.word === "IN")) comparator = opToken.word;
    else if (opToken?.kind === "keyword" && opToken.word === "NOT" && tokens[pos]?.kind === "keyword" && tokens[pos]?.text.toUpperCase() === "IN") {
      pos++;
      comparator = "NOT IN";
    } else if (opToken?.kind === "keyword" && opToken.word === "IS") {
      throw invalid(`Unsupported filter syntax: IS NULL / IS NOT NULL ('${first.text} IS ...') is not supported by Labbook`);
    } else throw invalid(`Invalid comparison clause. Expected comparison found '${opToken?.text ?? "end of filter"}'`);

    let value: Clause["value"];
    const v = next();
    if (comparator === "IN" || comparator === "NOT IN") {
      if (v?.kind !== "punctuation" || v.char !== "(") throw invalid(`Invalid filter '${filter}': ${comparator} expects a list such as ('a', 'b')`);
      const items: string[] = [];
      for (;;) {
        const item = next();
        if (item?.kind !== "string") throw invalid("While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.");
        items.push(item.value);
        const sep = next();
        if (sep?.kind === "punctuation" && sep.char === ")") break;
        if (sep?.kind !== "punctuation" || sep.char !== ",") throw invalid("While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.");
      }
      value = items;
    } else if (v?.kind === "string" || v?.kind === "number") {
      value = v.value;
    } else {
      throw invalid(`Invalid comparison clause. Expected value token found '${v?.text ?? "end of filter"}'`);
    }

    let key = rawKey;
    if (type === "metric") {
      if (typeof value !== "number") throw invalid(`Expected numeric value type for metric. Found ${v.text}`);
      checkComparator(comparator, NUMERIC_COMPARATORS);
    } else if (type === "parameter" || type === "tag") {
      if (typeof value !== "string") throw invalid(`Expected a quoted string value for ${type} (e.g. 'my-value'). Got value ${v.text}`);
      checkComparator(comparator, STRING_COMPARATORS);
    } else {
      key = attributeKey(rawKey, grammar, Object.keys(grammar.attributes));
      const kind = grammar.attributes[key];
      if (kind === "numeric") {
        if (typeof value !== "number") throw invalid(`Expected numeric value type for numeric attribute: ${key}. Found ${v.text}`);
        checkComparator(comparator, NUMERIC_COMPARATORS);
      } else {
        if (Array.isArray(value) && kind !== "list") throw invalid("Only the 'run_id' attribute supports comparison with a list of quoted string values.");
        if (typeof value === "number") throw invalid(`Expected a quoted string value for attributes. Got value ${v.text}`);
        checkComparator(comparator, kind === "list" ? LIST_COMPARATORS : STRING_COMPARATORS);
      }
    }
    clauses.push({ type, key, comparator, value });

    const joiner = next();
    if (!joiner) return clauses;
    if (joiner.kind === "keyword" && joiner.word === "AND") continue;
    if (joiner.kind === "keyword" && joiner.word === "OR") throw invalid(`Unsupported filter syntax: OR; MLflow filters join conditions with AND only`);
    throw invalid(`Invalid clause(s) in filter string: '${joiner.text}'`);
  }
}

/** Parses one order_by clause such as `metrics.rmse DESC` or `start_time`. */
export function parseOrderBy(clause: string, grammar: SearchGrammar): OrderBy {
  const fail = () => invalid(`Invalid order_by clause '${clause}'. Could not be parsed.`);
  const tokens = tokenize(clause);
  const [first, direction, extra] = tokens;
  if (first?.kind !== "identifier" || extra) throw fail();
  let ascending = true;
  if (direction) {
    if (direction.kind !== "keyword" || (direction.word !== "ASC" && direction.word !== "DESC")) {
      throw invalid(`Invalid ordering key in order_by clause '${clause}'.`);
    }
    ascending = direction.word === "ASC";
  }
  const { type, key } = entityOf(first, grammar);
  return { type, key: type === "attribute" ? attributeKey(key, grammar, grammar.orderable) : key, ascending };
}
