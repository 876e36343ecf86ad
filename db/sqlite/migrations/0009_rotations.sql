CREATE TABLE `rotations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`newer_secret_id` integer NOT NULL,
	`older_key_ids` text NOT NULL,
	`retire` text DEFAULT 'ask' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`asked_at` integer,
	`retired_at` integer,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`newer_secret_id`) REFERENCES `client_secrets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rotations_newer_secret_id_unique` ON `rotations` (`newer_secret_id`);--> statement-breakpoint
CREATE INDEX `rotations_application_idx` ON `rotations` (`application_id`);--> statement-breakpoint
ALTER TABLE `client_secrets` ADD `first_used_at` integer;--> statement-breakpoint
ALTER TABLE `client_secrets` ADD `last_used_from` text;--> statement-breakpoint
ALTER TABLE `client_secrets` ADD `usage_reported_at` integer;