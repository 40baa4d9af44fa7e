import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { members, projects, workspaces } from "@/lib/db/schema";
import { getDefaultWorkspace } from "./default-workspace";
import { toMlflowExperiment, type MlflowExperiment } from "./experiment-view";
import { createPageToken, parsePageToken } from "./page-token";
import { parseOrderBy, parseSearchFilter, type Clause, type OrderBy, type SearchGrammar } from "./search-filter";
import { compareSql, epochMillisSql, orderSql, viewTypeSql, type ViewType } from "./search-sql";
import { validateMaxResults } from "./validation";

const grammar: SearchGrammar = {
  entities: ["attribute", "tag"],
  attributes: { name: "string", creation_time: "numeric", last_update_time: "numeric" },
  orderable: ["name", "experiment_id", "creation_time", "last_update_time"],
};

export interface SearchExperimentsInput {
  userId: string;
  viewType: ViewType;
  maxResults: number;
  filter?: string | undefined;
  orderBy: string[];
  pageToken?: string | undefined;
}

/** The experiments (projects) of every workspace the caller belongs to, filtered, sorted and paged as MLflow does. */
export async function searchExperiments(db: Db, input: SearchExperimentsInput): Promise<{ experiments: MlflowExperiment[]; nextPageToken?: string }> {
  validateMaxResults(input.maxResults);
  const clauses = parseSearchFilter(input.filter, grammar);
  const orders = input.orderBy.map((o) => parseOrderBy(o, grammar));
  const offset = parsePageToken(input.pageToken);
  const defaultWorkspaceId = (await getDefaultWorkspace(db, input.userId))?.workspace.id ?? null;

  const name = defaultWorkspaceId
    ? sql`(case when ${projects.workspaceId} = ${defaultWorkspaceId}::uuid then ${projects.name} else ${workspaces.slug} || '/' || ${projects.name} end)`
    : sql`(${workspaces.slug} || '/' || ${projects.name})`;
  const attribute = (key: string): SQL => {
    if (key === "name") return name;
    if (key === "experiment_id") return sql`${projects.id}`;
    if (key === "creation_time") return epochMillisSql(sql`${projects.createdAt}`);
    return epochMillisSql(sql`${projects.updatedAt}`);
  };
  const expr = (c: Pick<Clause, "type" | "key">): SQL => (c.type === "tag" ? sql`(${projects.mlflowTags} ->> ${c.key}::text)` : attribute(c.key));

  const rows = await db
    .select({ project: projects, workspace: workspaces })
    .from(projects)
    .innerJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .innerJoin(members, and(eq(members.workspaceId, projects.workspaceId), eq(members.userId, input.userId)))
    .where(and(viewTypeSql(sql`${projects.deletedAt}`, input.viewType), ...clauses.map((c) => compareSql(expr(c), c.comparator, c.value))))
    .orderBy(
      ...orders.map((o: OrderBy) => orderSql(expr(o), o.ascending)),
      ...(orders.length === 0 ? [orderSql(sql`${projects.createdAt}`, false)] : []),
      sql`${projects.id} asc`,
    )
    .limit(input.maxResults + 1)
    .offset(offset);
  const page = rows.slice(0, input.maxResults);
  return {
    experiments: page.map((r) => toMlflowExperiment({ ...r, defaultWorkspaceId })),
    ...(rows.length > input.maxResults && { nextPageToken: createPageToken(offset + input.maxResults) }),
  };
}
