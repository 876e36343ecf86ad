ALTER TABLE "client_secrets" ADD COLUMN "kind" text DEFAULT 'secret' NOT NULL;--> statement-breakpoint
ALTER TABLE "client_secrets" ADD COLUMN "deactivated_at" timestamp (3) with time zone;