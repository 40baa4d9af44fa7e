import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  integer,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { decisionStatuses } from "@/lib/decisions/decision-status";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

// ── Identity (field names follow better-auth's core schema) ───────────────────────────

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type User = typeof users.$inferSelect;

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("accounts_user_idx").on(t.userId)],
);

export const verifications = pgTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

// ── Tenancy ────────────────────────────────────────────────────────────────────────────

/** Roles from most to least powerful. */
export const roles = ["owner", "admin", "editor", "commenter", "viewer"] as const;
export type Role = (typeof roles)[number];
export const memberRole = pgEnum("member_role", roles);

export const workspaces = pgTable("workspaces", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type Workspace = typeof workspaces.$inferSelect;

export const members = pgTable(
  "members",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole("role").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("members_user_idx").on(t.userId)],
);
export type Member = typeof members.$inferSelect;

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    email: text("email"),
    role: memberRole("role").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("invitations_workspace_idx").on(t.workspaceId)],
);
export type Invitation = typeof invitations.$inferSelect;

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The first characters of the key, shown in lists so people can tell keys apart. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_user_idx").on(t.userId)],
);
export type ApiKey = typeof apiKeys.$inferSelect;

export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    /** Key/value tags set through the MLflow API (experiment tags). */
    mlflowTags: jsonb("mlflow_tags").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** Soft delete: a deleted project is hidden until restored. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("projects_workspace_slug_idx").on(t.workspaceId, t.slug)],
);
export type Project = typeof projects.$inferSelect;

/** Activity log: who did what, when. */
export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    type: text("type").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [index("events_workspace_created_idx").on(t.workspaceId, t.createdAt)],
);
export type Event = typeof events.$inferSelect;

// ── Tracking ───────────────────────────────────────────────────────────────────────────

/** Stored statuses; `crashed` is derived from a running run's silence, never stored. */
export const storedRunStatuses = ["running", "finished", "failed", "killed"] as const;
export type StoredRunStatus = (typeof storedRunStatuses)[number];
export const runStatus = pgEnum("run_status", storedRunStatuses);

/** What makes a run reproducible; every field optional, captured by the clients. */
export interface Repro {
  git?: { commit?: string; branch?: string; remote?: string; dirty?: boolean; diff?: string };
  command?: string[] | string;
  cwd?: string;
  host?: string;
  runtime?: { name?: string; version?: string; platform?: string };
  packages?: Record<string, string>;
  seed?: number | string;
  data?: { name: string; fingerprint: string; uri?: string }[];
  hardware?: { cpu?: string; cpus?: number; memoryBytes?: number; gpus?: { name: string; memoryBytes?: number }[] };
}

export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    status: runStatus("status").notNull().default("running"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    params: jsonb("params").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    tags: jsonb("tags").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    notes: text("notes").notNull().default(""),
    group: text("group"),
    repro: jsonb("repro").$type<Repro>().notNull().default(sql`'{}'::jsonb`),
    /** Key/value tags set through the MLflow API; `tags` above keeps Labbook's value-less tags. */
    mlflowTags: jsonb("mlflow_tags").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** Soft delete: a deleted run is hidden until restored. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("runs_project_created_idx").on(t.projectId, t.createdAt)],
);
export type Run = typeof runs.$inferSelect;

/** One row per (run, key): the summary tables and charts read. */
export const metricKeys = pgTable(
  "metric_keys",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    count: bigint("count", { mode: "number" }).notNull().default(0),
    min: doublePrecision("min"),
    max: doublePrecision("max"),
    maxStep: bigint("max_step", { mode: "number" }),
    lastValue: doublePrecision("last_value"),
    lastStep: bigint("last_step", { mode: "number" }),
    lastTime: timestamp("last_time", { withTimezone: true }),
  },
  (t) => [uniqueIndex("metric_keys_run_key_idx").on(t.runId, t.key)],
);
export type MetricKey = typeof metricKeys.$inferSelect;

/** Append-only points; the first value of a (run, key, step) stands. */
export const metricPoints = pgTable(
  "metric_points",
  {
    runId: uuid("run_id").notNull(),
    // No foreign key: its per-row check more than doubles the cost of every insert. Points of a
    // deleted key go with it through a statement-level trigger (migration 0003).
    keyId: integer("key_id").notNull(),
    step: bigint("step", { mode: "number" }).notNull(),
    ts: timestamp("ts", { withTimezone: true }).notNull(),
    value: doublePrecision("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.keyId, t.step] })],
);

/** Batches already committed, so a retried batch returns its first answer and writes nothing. */
export const ingestBatches = pgTable(
  "ingest_batches",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    batchId: text("batch_id").notNull(),
    accepted: integer("accepted").notNull(),
    duplicates: integer("duplicates").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.batchId] })],
);

/**
 * Per (run, key, level, bucket of 2^level steps): the first, last, lowest and highest point,
 * maintained with the points, so a chart of a long series reads buckets, not every point.
 * NaN is left out of lowest/highest (null when a bucket holds only NaN).
 */
export const metricRollups = pgTable(
  "metric_rollups",
  {
    runId: uuid("run_id").notNull(),
    keyId: integer("key_id").notNull(),
    level: integer("level").notNull(),
    bucket: bigint("bucket", { mode: "number" }).notNull(),
    count: integer("count").notNull(),
    firstStep: bigint("first_step", { mode: "number" }).notNull(),
    firstValue: doublePrecision("first_value").notNull(),
    firstTime: timestamp("first_time", { withTimezone: true }).notNull(),
    lastStep: bigint("last_step", { mode: "number" }).notNull(),
    lastValue: doublePrecision("last_value").notNull(),
    lastTime: timestamp("last_time", { withTimezone: true }).notNull(),
    minStep: bigint("min_step", { mode: "number" }),
    minValue: doublePrecision("min_value"),
    minTime: timestamp("min_time", { withTimezone: true }),
    maxStep: bigint("max_step", { mode: "number" }),
    maxValue: doublePrecision("max_value"),
    maxTime: timestamp("max_time", { withTimezone: true }),
    /** The first NaN, so a divergence still shows when the series is downsampled. */
    nanStep: bigint("nan_step", { mode: "number" }),
    nanTime: timestamp("nan_time", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.keyId, t.level, t.bucket] })],
);

// ── Review comments ───────────────────────────────────────────────────────────────────

/**
 * Comment threads on a run (optionally anchored to a metric key and a step range) or on a notebook
 * page (optionally anchored to a stretch of its text by Yjs relative positions). A thread is
 * its root comment (no parent) and the replies that point at it. Deleting a comment that has
 * replies keeps it as a tombstone so the thread survives.
 */
export const comments = pgTable(
  "comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    runId: uuid("run_id").references(() => runs.id, { onDelete: "cascade" }),
    notebookId: uuid("notebook_id").references((): AnyPgColumn => notebooks.id, { onDelete: "cascade" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => comments.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    /** Anchor on a run's chart: a metric key, optionally with a step range. */
    metricKey: text("metric_key"),
    fromStep: bigint("from_step", { mode: "number" }),
    toStep: bigint("to_step", { mode: "number" }),
    /** Notebook threads: the commented text as two encoded Yjs relative positions (base64) in the page's fragment. */
    anchor: jsonb("anchor").$type<{ from: string; to: string }>(),
    /** Notebook threads: the text that was selected when the thread began (shown once the text is gone). */
    quote: text("quote"),
    /** Notebook threads: when the anchored text was last seen missing from the page (null while it is there). */
    orphanedAt: timestamp("orphaned_at", { withTimezone: true }),
    /** User ids @mentioned in the body (workspace members at the time of writing). */
    mentions: jsonb("mentions").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: text("resolved_by").references(() => users.id, { onDelete: "set null" }),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("comments_run_idx").on(t.runId, t.createdAt),
    index("comments_notebook_idx").on(t.notebookId, t.createdAt),
    index("comments_parent_idx").on(t.parentId),
  ],
);
export type Comment = typeof comments.$inferSelect;

// ── Notebooks ─────────────────────────────────────────────────────────────────────────

/** Binary column; postgres.js reads a Buffer and PGlite a Uint8Array, both Uint8Arrays. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/** A collaborative page in a project; its content is a Yjs document (notebook_updates, notebook_snapshots). */
export const notebooks = pgTable(
  "notebooks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    /** Soft delete: a deleted notebook is hidden and refuses connections until restored. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("notebooks_project_created_idx").on(t.projectId, t.createdAt)],
);
export type Notebook = typeof notebooks.$inferSelect;

/** Append-only Yjs updates of a notebook, in the order the server applied them; compaction folds them into a snapshot. */
export const notebookUpdates = pgTable(
  "notebook_updates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    notebookId: uuid("notebook_id")
      .notNull()
      .references(() => notebooks.id, { onDelete: "cascade" }),
    update: bytea("update").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("notebook_updates_notebook_idx").on(t.notebookId, t.id)],
);

/** `compacted`: the folded state that updates apply on top of (one per notebook); `auto` and `named`: versions. */
export const notebookSnapshotKinds = ["compacted", "auto", "named"] as const;
export type NotebookSnapshotKind = (typeof notebookSnapshotKinds)[number];
export const notebookSnapshotKind = pgEnum("notebook_snapshot_kind", notebookSnapshotKinds);

/** Full Yjs states of a notebook (`Y.encodeStateAsUpdate`): its compacted base and its version history. */
export const notebookSnapshots = pgTable(
  "notebook_snapshots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    notebookId: uuid("notebook_id")
      .notNull()
      .references(() => notebooks.id, { onDelete: "cascade" }),
    kind: notebookSnapshotKind("kind").notNull(),
    name: text("name"),
    state: bytea("state").notNull(),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("notebook_snapshots_notebook_idx").on(t.notebookId, t.kind, t.createdAt)],
);
export type NotebookSnapshot = typeof notebookSnapshots.$inferSelect;

// ── Decisions ─────────────────────────────────────────────────────────────────────────

export const decisionStatus = pgEnum("decision_status", decisionStatuses);

/**
 * The decision log: one row per `decision` block of a notebook page, rewritten by the server
 * from the page (the document is the source of truth). A block removed from its page removes
 * its row; a deleted notebook hides its decisions.
 */
export const decisions = pgTable(
  "decisions",
  {
    notebookId: uuid("notebook_id")
      .notNull()
      .references(() => notebooks.id, { onDelete: "cascade" }),
    /** The block's `decisionId`. */
    decisionId: uuid("decision_id").notNull(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** Order on the page. */
    position: integer("position").notNull(),
    title: text("title").notNull(),
    status: decisionStatus("status").notNull(),
    context: text("context").notNull(),
    decision: text("decision").notNull(),
    rationale: text("rationale").notNull(),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    /** `YYYY-MM-DD`. */
    decidedOn: text("decided_on"),
    runIds: uuid("run_ids").array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.notebookId, t.decisionId] }),
    index("decisions_project_idx").on(t.projectId, t.updatedAt),
    index("decisions_run_ids_idx").using("gin", t.runIds),
  ],
);
export type DecisionRow = typeof decisions.$inferSelect;
