DROP INDEX `client_secrets_expires_idx`;--> statement-breakpoint
CREATE INDEX `client_secrets_expiry_scan_idx` ON `client_secrets` (`expires_at`,`id`,`application_id`,`created_at`,`deactivated_at`,`deactivated_by`);--> statement-breakpoint
CREATE INDEX `applications_id_organisation_idx` ON `applications` (`id`,`organisation_id`);