-- The change signal: whenever an application or a secret the token endpoint caches changes, the
-- 'token_clients' version goes up and every replica listening on steward_changes hears of it.
INSERT INTO "change_versions" ("name", "version") VALUES ('token_clients', 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION "steward_token_clients_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "change_versions" SET "version" = "version" + 1 WHERE "name" = 'token_clients';
  PERFORM pg_notify('steward_changes', 'token_clients');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "client_secrets_changed"
  AFTER INSERT OR DELETE OR UPDATE OF "application_id", "hash", "expires_at" ON "client_secrets"
  FOR EACH STATEMENT EXECUTE FUNCTION "steward_token_clients_changed"();
--> statement-breakpoint
CREATE TRIGGER "applications_changed"
  AFTER INSERT OR DELETE OR UPDATE OF "client_id", "apis", "provider" ON "applications"
  FOR EACH STATEMENT EXECUTE FUNCTION "steward_token_clients_changed"();
