CREATE TABLE `provider_states` (
	`provider` text PRIMARY KEY NOT NULL,
	`usage_unreadable_since` integer
);
--> statement-breakpoint
ALTER TABLE `client_secrets` ADD `unused_notice_at` integer;