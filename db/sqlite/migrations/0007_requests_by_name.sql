-- Edited by hand before landing: drizzle-kit selected the new column from the old table (SQLite reads an
-- unknown "name" as a string), and its PRAGMA foreign_keys=OFF does nothing inside the migration's
-- transaction, so dropping the old table deletes request_notices by cascade: they are kept and put back.
CREATE TABLE `__new_access_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`application_id` integer,
	`organisation_id` integer,
	`unknown_name` text,
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
	CONSTRAINT "access_requests_one_target" CHECK("__new_access_requests"."unknown_name" IS NULL AND ("__new_access_requests"."application_id" IS NULL) <> ("__new_access_requests"."organisation_id" IS NULL) OR "__new_access_requests"."unknown_name" IS NOT NULL AND "__new_access_requests"."application_id" IS NULL AND "__new_access_requests"."organisation_id" IS NULL)
);
--> statement-breakpoint
INSERT INTO `__new_access_requests`("id", "person_id", "application_id", "organisation_id", "unknown_name", "role", "days", "reason", "status", "surface", "created_at", "decided_at", "decided_by", "note") SELECT "id", "person_id", "application_id", "organisation_id", NULL, "role", "days", "reason", "status", "surface", "created_at", "decided_at", "decided_by", "note" FROM `access_requests`;--> statement-breakpoint
CREATE TEMP TABLE `__request_notices_kept` AS SELECT * FROM `request_notices`;--> statement-breakpoint
DROP TABLE `access_requests`;--> statement-breakpoint
ALTER TABLE `__new_access_requests` RENAME TO `access_requests`;--> statement-breakpoint
INSERT INTO `request_notices` SELECT * FROM `__request_notices_kept`;--> statement-breakpoint
DROP TABLE `__request_notices_kept`;--> statement-breakpoint
CREATE UNIQUE INDEX `access_requests_open_app_unique` ON `access_requests` (`person_id`,`application_id`) WHERE "access_requests"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX `access_requests_open_org_unique` ON `access_requests` (`person_id`,`organisation_id`) WHERE "access_requests"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX `access_requests_open_name_unique` ON `access_requests` (`person_id`,`unknown_name`) WHERE "access_requests"."status" = 'open';--> statement-breakpoint
CREATE INDEX `access_requests_status_idx` ON `access_requests` (`status`,`created_at`);