import { sql, type SQL } from "drizzle-orm";
import { textArray } from "@/lib/db/pg-array";
import type { Clause, Comparator } from "./search-filter";

/** MLflow's view types for searches. */
export const viewTypes = ["ACTIVE_ONLY", "DELETED_ONLY", "ALL"] as const;
export type ViewType = (typeof viewTypes)[number];

const SQL_OPERATORS: Record<Exclude<Comparator, "IN" | "NOT IN">, string> = {
  "=": "=",
  "!=": "<>",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
  LIKE: "like",
  ILIKE: "ilike",
};

/** `left <comparator> value` as SQL; a missing (NULL) left side never matches, as in MLflow. */
export function compareSql(left: SQL, comparator: Comparator, value: Clause["value"]): SQL {
  if (Array.isArray(value)) {
    const list = sql`${textArray(value)}::text[]`;
    return comparator === "NOT IN" ? sql`not (${left} = any(${list}))` : sql`(${left} = any(${list}))`;
  }
  const op = sql.raw(SQL_OPERATORS[comparator as keyof typeof SQL_OPERATORS]);
  return typeof value === "number" ? sql`(${left} ${op} ${value}::float8)` : sql`(${left} ${op} ${value}::text)`;
}

/** A condition on a `deleted_at` column for a view type. */
export function viewTypeSql(deletedAt: SQL, viewType: ViewType): SQL {
  if (viewType === "ACTIVE_ONLY") return sql`${deletedAt} is null`;
  if (viewType === "DELETED_ONLY") return sql`${deletedAt} is not null`;
  return sql`true`;
}

/** Milliseconds since the epoch of a timestamptz expression. */
export function epochMillisSql(column: SQL): SQL {
  return sql`(extract(epoch from ${column}) * 1000)`;
}

/** `expr ASC|DESC NULLS LAST`: rows without the value sort last either way, as in MLflow. */
export function orderSql(expr: SQL, ascending: boolean): SQL {
  return sql`${expr} ${sql.raw(ascending ? "asc" : "desc")} nulls last`;
}
