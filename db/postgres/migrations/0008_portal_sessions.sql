CREATE TABLE "portal_sessions" (
	"token_hash" text NOT NULL,
	"person_id" integer,
	"csrf_token" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"link_hash" text,
	"link_email" text,
	"link_expires_at" timestamp (3) with time zone,
	"next_path" text,
	"oidc" jsonb,
	"flash" jsonb,
	"form_token_hash" text,
	CONSTRAINT "portal_sessions_token_hash_pk" PRIMARY KEY("token_hash")
);
--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "portal_sessions_link_unique" ON "portal_sessions" USING btree ("link_hash");--> statement-breakpoint
CREATE INDEX "portal_sessions_expires_idx" ON "portal_sessions" USING btree ("expires_at");