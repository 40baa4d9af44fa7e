ALTER TABLE "metric_points" DROP CONSTRAINT "metric_points_key_id_metric_keys_id_fk";
--> statement-breakpoint
-- Points of deleted metric keys are deleted with them, once per statement (not per row).
CREATE FUNCTION "delete_points_of_deleted_keys"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "metric_points" p USING "deleted_keys" d WHERE p."run_id" = d."run_id" AND p."key_id" = d."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "metric_keys_delete_points" AFTER DELETE ON "metric_keys"
  REFERENCING OLD TABLE AS "deleted_keys" FOR EACH STATEMENT EXECUTE FUNCTION "delete_points_of_deleted_keys"();
