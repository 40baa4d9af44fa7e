/**
 * Python's `json.dumps(float("nan"))` writes a bare `NaN` (and `Infinity`, `-Infinity`),
 * which is not JSON. MLflow clients built on it send such bodies, so before parsing, each
 * of these tokens outside a string becomes the string form MLflow's protobuf JSON uses
 * ("NaN", "Infinity", "-Infinity"). Text inside strings is never touched.
 */
export function parseLenientJson(text: string): unknown {
  return JSON.parse(quoteNonFiniteTokens(text));
}

const TOKENS = ["NaN", "Infinity", "-Infinity"] as const;

/** Rewrites bare non-finite number tokens as JSON strings, skipping string literals. */
export function quoteNonFiniteTokens(text: string): string {
  let out = "";
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      continue;
    }
    const token = c === "N" || c === "I" || c === "-" ? TOKENS.find((t) => text.startsWith(t, i)) : undefined;
    if (token && !isWordCharacter(text[i - 1]) && !isWordCharacter(text[i + token.length])) {
      out += `${text.slice(copiedUpTo, i)}"${token}"`;
      i += token.length;
      copiedUpTo = i;
      continue;
    }
    i++;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

function isWordCharacter(c: string | undefined): boolean {
  return c !== undefined && /[\w.]/.test(c);
}
