-- The change signal per client: a change to an application or its secrets names the client whose
-- cached entry is stale, so every replica drops that entry only (not its whole cache), and a commit
-- that touches no client moves nothing. Each changed row bumps the version and NOTIFYs
-- steward_changes with '<version>\n<client id>'; the client ids a transaction touched are also left in
-- the transaction-local setting steward.touched_clients, so the process that commits drops them at
-- once, before its own notification comes back. A replica that misses a notification sees the version
-- move at its next read of the version row and drops everything.
CREATE FUNCTION "steward_client_changed"("client" text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  "next" bigint;
BEGIN
  IF "client" IS NULL THEN
    RETURN;
  END IF;
  UPDATE "change_versions" SET "version" = "version" + 1 WHERE "name" = 'token_clients' RETURNING "version" INTO "next";
  PERFORM set_config('steward.touched_clients', coalesce(current_setting('steward.touched_clients', true), '') || "client" || E'\n', true);
  PERFORM pg_notify('steward_changes', "next" || E'\n' || "client");
END
$$;
--> statement-breakpoint
CREATE FUNCTION "steward_application_row_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM "steward_client_changed"(OLD."client_id");
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."client_id" IS DISTINCT FROM OLD."client_id") THEN
    PERFORM "steward_client_changed"(NEW."client_id");
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "steward_secret_row_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A secret deleted along with its application finds no application here; the application's own
  -- row change names the client.
  IF TG_OP <> 'INSERT' THEN
    PERFORM "steward_client_changed"((SELECT "client_id" FROM "applications" WHERE "id" = OLD."application_id"));
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."application_id" IS DISTINCT FROM OLD."application_id") THEN
    PERFORM "steward_client_changed"((SELECT "client_id" FROM "applications" WHERE "id" = NEW."application_id"));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER "client_secrets_changed" ON "client_secrets";
--> statement-breakpoint
DROP TRIGGER "applications_changed" ON "applications";
--> statement-breakpoint
DROP FUNCTION "steward_token_clients_changed"();
--> statement-breakpoint
CREATE TRIGGER "client_secrets_changed"
  AFTER INSERT OR DELETE OR UPDATE OF "application_id", "hash", "expires_at" ON "client_secrets"
  FOR EACH ROW EXECUTE FUNCTION "steward_secret_row_changed"();
--> statement-breakpoint
CREATE TRIGGER "applications_changed"
  AFTER INSERT OR DELETE OR UPDATE OF "client_id", "apis", "provider" ON "applications"
  FOR EACH ROW EXECUTE FUNCTION "steward_application_row_changed"();
