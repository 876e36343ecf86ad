CREATE TABLE `teams_conversations` (
	`tenant_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`kind` text NOT NULL,
	`team_id` text,
	`reference` text NOT NULL,
	`is_installed` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `conversation_id`)
);
--> statement-breakpoint
CREATE INDEX `teams_conversations_team_idx` ON `teams_conversations` (`team_id`);