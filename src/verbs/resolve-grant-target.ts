import type { Db } from "../../db/database.js";
import type { Surface } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import type { ApplicationRow } from "../people.js";
import { lookupApplication } from "./find-application.js";
import { lookupOrganisation, type OrganisationRow } from "./find-organisation.js";

export type GrantTargetRef = { kind: "application" | "organisation" | "either"; ref: string };
export type GrantTarget =
  | { kind: "application"; app: ApplicationRow; name: string }
  | { kind: "organisation"; org: OrganisationRow; name: string };

/** Resolves what a grant is on: an application (name or clientId) or an organisation (name). */
export async function resolveGrantTarget(db: Db, target: GrantTargetRef, surface: Surface): Promise<GrantTarget> {
  const app = target.kind === "organisation" ? undefined : await lookupApplication(db, target.ref);
  const org = target.kind === "application" ? undefined : await lookupOrganisation(db, target.ref);
  if (app && org) {
    throw new AppError("VALIDATION", errors.grantTargetAmbiguous(target.ref, app.clientId, surface));
  }
  if (app) return { kind: "application", app, name: app.name };
  if (org) return { kind: "organisation", org, name: org.name };
  const what = target.kind === "either" ? "application or organisation" : target.kind;
  throw new AppError("NOT_FOUND", errors.grantTargetNotFound(target.ref, what, surface));
}
