import { sql, type SQL } from "drizzle-orm";
import { textArray } from "@/lib/db/pg-array";
import type { Field, FilterNode, Literal, Op } from "./run-filter";

/** SQL for a run's shown status (`crashed` when a running run fell silent); `r` is the runs alias. */
export function statusSql(crashAfterMs: number): SQL {
  return sql`(case when r.status = 'running' and r.last_seen_at < now() - ${crashAfterMs / 1000} * interval '1 second' then 'crashed' else r.status::text end)`;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function compareSql(left: SQL, op: Op, value: Literal): SQL {
  if (op === "~") return sql`${left} ilike ${likePattern(String(value))}`;
  return sql`${left} ${sql.raw(op === "!=" ? "<>" : op)} ${value}`;
}

/** SQL for a field's value as text or number, given the literal it is compared with. */
function fieldSql(field: Exclude<Field, { scope: "tags" } | { scope: "metrics" }>, value: Literal, crashAfterMs: number): SQL {
  if (field.scope === "params") {
    const path = textArray(field.path);
    if (typeof value === "number") {
      return sql`(case when jsonb_typeof(r.params #> ${path}::text[]) = 'number' then (r.params #>> ${path}::text[])::float8 end)`;
    }
    if (typeof value === "boolean") return sql`(r.params #> ${path}::text[])`;
    return sql`(r.params #>> ${path}::text[])`;
  }
  switch (field.name) {
    case "status":
      return statusSql(crashAfterMs);
    case "name":
      return sql`r.name`;
    case "notes":
      return sql`r.notes`;
    case "group":
      return sql`r."group"`;
    case "author":
      return sql`(select u.name from users u where u.id = r.created_by)`;
  }
}

/** Compiles a parsed filter to a WHERE condition over the runs table aliased `r`. */
export function filterToSql(node: FilterNode, crashAfterMs: number): SQL {
  switch (node.kind) {
    case "and":
      return sql`(${filterToSql(node.left, crashAfterMs)} and ${filterToSql(node.right, crashAfterMs)})`;
    case "or":
      return sql`(${filterToSql(node.left, crashAfterMs)} or ${filterToSql(node.right, crashAfterMs)})`;
    case "not":
      return sql`(not coalesce(${filterToSql(node.expr, crashAfterMs)}, false))`;
    case "text": {
      const p = likePattern(node.text);
      return sql`(r.name ilike ${p} or r.notes ilike ${p} or r.tags::text ilike ${p})`;
    }
    case "has": {
      const f = node.field;
      if (f.scope === "tags") return sql`(r.tags @> jsonb_build_array(${f.tag}::text))`;
      if (f.scope === "params") return sql`(r.params #> ${textArray(f.path)}::text[] is not null)`;
      if (f.scope === "metrics") return sql`exists (select 1 from metric_keys mk where mk.run_id = r.id and mk.key = ${f.key})`;
      return sql`(${fieldSql(f, "", crashAfterMs)} is not null)`;
    }
    case "compare": {
      const f = node.field;
      if (f.scope === "tags") return sql`(r.tags @> jsonb_build_array(${f.tag}::text))`;
      if (f.scope === "metrics") {
        const column = sql.raw(f.agg === "last" ? "mk.last_value" : f.agg === "min" ? "mk.min" : "mk.max");
        return sql`exists (select 1 from metric_keys mk where mk.run_id = r.id and mk.key = ${f.key} and ${compareSql(column, node.op, node.value)})`;
      }
      if (typeof node.value === "boolean") {
        return sql`(${fieldSql(f, node.value, crashAfterMs)} ${sql.raw(node.op === "!=" ? "<>" : "=")} ${String(node.value)}::jsonb)`;
      }
      return sql`(${compareSql(fieldSql(f, node.value, crashAfterMs), node.op, node.value)})`;
    }
  }
}
