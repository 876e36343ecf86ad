CREATE TABLE `job_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reminder_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`secret_id` integer NOT NULL,
	`threshold` text NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`due_at` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	`claim_token` text,
	`claimed_at` integer,
	`delivered_at` integer,
	`last_error` text,
	`note` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`secret_id`) REFERENCES `client_secrets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_outbox_unique` ON `reminder_outbox` (`secret_id`,`threshold`,`channel`,`recipient`);--> statement-breakpoint
CREATE INDEX `reminder_outbox_due_idx` ON `reminder_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `client_secrets_expires_idx` ON `client_secrets` (`expires_at`);