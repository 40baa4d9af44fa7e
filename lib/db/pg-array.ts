/**
 * Postgres array literals passed as ONE bind parameter (`$1::float8[]`), so set-based
 * inserts use a handful of parameters whatever the row count (the protocol caps a
 * statement at 65,534), and behave the same on postgres.js and PGlite.
 */

/** `{1,2,NULL}` for bigint/int arrays. */
export function intArray(values: ReadonlyArray<number | null>): string {
  return `{${values.map((v) => (v === null ? "NULL" : String(v))).join(",")}}`;
}

/** `{1.5,NaN,Infinity,-Infinity}` for float8 arrays; NaN and infinities survive. */
export function floatArray(values: ReadonlyArray<number>): string {
  return `{${values.map((v) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v))).join(",")}}`;
}

/** `{"a","b\"c"}` for text arrays. */
export function textArray(values: ReadonlyArray<string | null>): string {
  return `{${values.map((v) => (v === null ? "NULL" : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;
}
