CREATE INDEX `access_grants_application_idx` ON `access_grants` (`application_id`);--> statement-breakpoint
CREATE INDEX `access_grants_organisation_idx` ON `access_grants` (`organisation_id`);