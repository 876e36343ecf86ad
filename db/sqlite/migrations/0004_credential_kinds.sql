ALTER TABLE `client_secrets` ADD `kind` text DEFAULT 'secret' NOT NULL;--> statement-breakpoint
ALTER TABLE `client_secrets` ADD `deactivated_at` integer;