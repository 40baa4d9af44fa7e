import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { textArray } from "@/lib/db/pg-array";
import { members, projects, runs } from "@/lib/db/schema";
import { normalizeRunId } from "./authorize-mlflow-run";
import { getDefaultWorkspace } from "./default-workspace";
import { DEFAULT_EXPERIMENT_ID } from "./find-experiment";
import { createPageToken, parsePageToken } from "./page-token";
import { NOTE_TAG, RUN_NAME_TAG, USER_TAG, toMlflowRuns, type MlflowRun } from "./run-view";
import { parseOrderBy, parseSearchFilter, type Clause, type OrderBy, type SearchGrammar } from "./search-filter";
import { compareSql, epochMillisSql, orderSql, viewTypeSql, type ViewType } from "./search-sql";
import { validateMaxResults } from "./validation";

const grammar: SearchGrammar = {
  entities: ["metric", "parameter", "tag", "attribute", "dataset"],
  attributes: { run_id: "list", run_name: "string", status: "string", user_id: "string", artifact_uri: "string", start_time: "numeric", end_time: "numeric" },
  orderable: ["run_id", "run_name", "status", "user_id", "artifact_uri", "start_time", "end_time", "experiment_id"],
  aliases: { created: "start_time", Created: "start_time", "run name": "run_name", "Run name": "run_name", "Run Name": "run_name" },
};

export interface SearchRunsInput {
  userId: string;
  experimentIds: string[];
  filter?: string | undefined;
  viewType: ViewType;
  maxResults: number;
  orderBy: string[];
  pageToken?: string | undefined;
}

/** A run's MLflow tag value as SQL: the name, the notes, a key/value tag, or "" for a Labbook tag. */
function tagSql(key: string): SQL {
  if (key === RUN_NAME_TAG) return sql`${runs.name}`;
  if (key === NOTE_TAG) return sql`nullif(${runs.notes}, '')`;
  return sql`coalesce(${runs.mlflowTags} ->> ${key}::text, case when ${runs.tags} @> jsonb_build_array(${key}::text) then '' end)`;
}

function attributeSql(key: string): SQL {
  switch (key) {
    case "run_id":
      return sql`${runs.id}::text`;
    case "run_name":
      return sql`${runs.name}`;
    case "status":
      return sql`upper(${runs.status}::text)`;
    case "user_id":
      return sql`coalesce(${runs.mlflowTags} ->> ${USER_TAG}::text, (select u.name from users u where u.id = ${runs.createdBy}), '')`;
    case "artifact_uri":
      return sql`('mlflow-artifacts:/' || ${runs.projectId}::text || '/' || ${runs.id}::text || '/artifacts')`;
    case "start_time":
      return epochMillisSql(sql`${runs.startedAt}`);
    case "end_time":
      return epochMillisSql(sql`${runs.endedAt}`);
    default:
      return sql`${runs.projectId}::text`;
  }
}

function entitySql(entity: Pick<Clause, "type" | "key">): SQL {
  switch (entity.type) {
    case "metric":
      return sql`(select mk.last_value from metric_keys mk where mk.run_id = ${runs.id} and mk.key = ${entity.key}::text)`;
    case "parameter":
      return sql`coalesce(${runs.params} ->> ${entity.key}::text, ${runs.params} #>> ${textArray(entity.key.split("."))}::text[])`;
    case "tag":
      return tagSql(entity.key);
    default:
      return attributeSql(entity.key);
  }
}

function clauseSql(clause: Clause): SQL {
  if (clause.type === "metric") {
    return sql`exists (select 1 from metric_keys mk where mk.run_id = ${runs.id} and mk.key = ${clause.key}::text and ${compareSql(sql`mk.last_value`, clause.comparator, clause.value)})`;
  }
  const value =
    clause.type === "attribute" && clause.key === "run_id"
      ? Array.isArray(clause.value)
        ? clause.value.map(normalizeRunId)
        : typeof clause.value === "string" && clause.comparator !== "LIKE" && clause.comparator !== "ILIKE"
          ? normalizeRunId(clause.value)
          : clause.value
      : clause.value;
  return compareSql(entitySql(clause), clause.comparator, value);
}

/** The experiments among `ids` the caller may read ("0" is their default experiment). */
async function readableProjectIds(db: Db, userId: string, ids: string[]): Promise<string[]> {
  const uuids = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  const readable = uuids.length
    ? (
        await db
          .select({ id: projects.id })
          .from(projects)
          .innerJoin(members, and(eq(members.workspaceId, projects.workspaceId), eq(members.userId, userId)))
          .where(inArray(projects.id, uuids))
      ).map((r) => r.id)
    : [];
  if (ids.includes(DEFAULT_EXPERIMENT_ID)) {
    const home = await getDefaultWorkspace(db, userId);
    if (home) {
      const [project] = await db
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.workspaceId, home.workspace.id), eq(projects.slug, "default")));
      if (project) readable.push(project.id);
    }
  }
  return readable;
}

/**
 * MLflow's runs/search over the experiments the caller may read (others are silently
 * left out, as unknown ids are in MLflow): AND-ed filter on metrics (latest value),
 * params, tags and attributes; order_by with rows lacking the value last; offset pages.
 */
export async function searchRuns(db: Db, input: SearchRunsInput): Promise<{ runs: MlflowRun[]; nextPageToken?: string }> {
  validateMaxResults(input.maxResults);
  const clauses = parseSearchFilter(input.filter, grammar);
  const orders = input.orderBy.map((o) => parseOrderBy(o, grammar));
  const offset = parsePageToken(input.pageToken);
  const projectIds = await readableProjectIds(db, input.userId, input.experimentIds);
  if (projectIds.length === 0) return { runs: [] };
  const rows = await db
    .select()
    .from(runs)
    .where(and(inArray(runs.projectId, projectIds), viewTypeSql(sql`${runs.deletedAt}`, input.viewType), ...clauses.map(clauseSql)))
    .orderBy(...orders.map((o: OrderBy) => orderSql(entitySql(o), o.ascending)), sql`${runs.startedAt} desc`, sql`${runs.id} asc`)
    .limit(input.maxResults + 1)
    .offset(offset);
  const page = rows.slice(0, input.maxResults);
  return {
    runs: await toMlflowRuns(db, page),
    ...(rows.length > input.maxResults && { nextPageToken: createPageToken(offset + input.maxResults) }),
  };
}
