CREATE TABLE `access_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`application_id` integer,
	`organisation_id` integer,
	`role` text NOT NULL,
	`days` integer,
	`reason` text,
	`status` text DEFAULT 'open' NOT NULL,
	`surface` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	`note` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "access_requests_one_target" CHECK(("access_requests"."application_id" IS NULL) <> ("access_requests"."organisation_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_requests_open_app_unique` ON `access_requests` (`person_id`,`application_id`) WHERE "access_requests"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX `access_requests_open_org_unique` ON `access_requests` (`person_id`,`organisation_id`) WHERE "access_requests"."status" = 'open';--> statement-breakpoint
CREATE INDEX `access_requests_status_idx` ON `access_requests` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `request_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`platform` text NOT NULL,
	`handle` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `access_requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `request_notices_request_idx` ON `request_notices` (`request_id`);--> statement-breakpoint
ALTER TABLE `access_grants` ADD `ends_at` integer;--> statement-breakpoint
ALTER TABLE `access_grants` ADD `warned_at` integer;--> statement-breakpoint
ALTER TABLE `chat_identities` ADD `address` text;