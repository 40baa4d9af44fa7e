CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"run_id" uuid,
	"parent_id" uuid,
	"author_id" text,
	"body" text NOT NULL,
	"metric_key" text,
	"from_step" bigint,
	"to_step" bigint,
	"mentions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_rollups" (
	"run_id" uuid NOT NULL,
	"key_id" integer NOT NULL,
	"level" integer NOT NULL,
	"bucket" bigint NOT NULL,
	"count" integer NOT NULL,
	"first_step" bigint NOT NULL,
	"first_value" double precision NOT NULL,
	"first_time" timestamp with time zone NOT NULL,
	"last_step" bigint NOT NULL,
	"last_value" double precision NOT NULL,
	"last_time" timestamp with time zone NOT NULL,
	"min_step" bigint,
	"min_value" double precision,
	"min_time" timestamp with time zone,
	"max_step" bigint,
	"max_value" double precision,
	"max_time" timestamp with time zone,
	"nan_step" bigint,
	"nan_time" timestamp with time zone,
	CONSTRAINT "metric_rollups_run_id_key_id_level_bucket_pk" PRIMARY KEY("run_id","key_id","level","bucket")
);
--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_id_comments_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comments_run_idx" ON "comments" USING btree ("run_id","created_at");--> statement-breakpoint
CREATE INDEX "comments_parent_idx" ON "comments" USING btree ("parent_id");--> statement-breakpoint
-- Points and rollups of deleted metric keys are deleted with them, once per statement.
CREATE OR REPLACE FUNCTION "delete_points_of_deleted_keys"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "metric_points" p USING "deleted_keys" d WHERE p."run_id" = d."run_id" AND p."key_id" = d."id";
  DELETE FROM "metric_rollups" r USING "deleted_keys" d WHERE r."run_id" = d."run_id" AND r."key_id" = d."id";
  RETURN NULL;
END
$$;
