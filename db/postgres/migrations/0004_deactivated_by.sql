ALTER TABLE "client_secrets" ADD COLUMN "deactivated_by" text;--> statement-breakpoint
UPDATE "client_secrets" SET "deactivated_by" = 'bot' WHERE "deactivated_at" IS NOT NULL;