CREATE TABLE "provider_states" (
	"provider" text PRIMARY KEY NOT NULL,
	"usage_unreadable_since" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "client_secrets" ADD COLUMN "unused_notice_at" timestamp (3) with time zone;