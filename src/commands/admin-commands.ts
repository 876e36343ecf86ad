/** `grant`, `revoke`, `alerts here|off`, `audit`. */
import { AppError } from "../errors.js";
import { alertsChanged, auditList, granted, revoked } from "../messages/admin.js";
import { errors } from "../messages/errors.js";
import { grantAccess } from "../verbs/grant-access.js";
import { listAuditEntries } from "../verbs/list-audit-entries.js";
import { revokeAccess } from "../verbs/revoke-access.js";
import { setAlertChannel } from "../verbs/set-alert-channel.js";
import type { Command } from "./command.js";

export const grantCommand: Command = {
  name: "grant",
  usage: "grant <email> <app or organisation> manager|viewer",
  summary: "gives a person access (an organisation grant covers all its applications)",
  isVisibleTo: (can) => can.isAdmin,
  args: { min: 3, max: 3 },
  run: async (ctx, { positionals: [email, target, role] }) => {
    const normalisedRole = role!.toLowerCase();
    if (normalisedRole !== "manager" && normalisedRole !== "viewer") {
      throw new AppError("VALIDATION", `The role is manager or viewer, not "${role}".`);
    }
    return granted(
      await grantAccess(ctx, { email: email!, target: { kind: "either", ref: target! }, role: normalisedRole }),
    );
  },
};

export const revokeCommand: Command = {
  name: "revoke",
  usage: "revoke <email> <app or organisation>",
  summary: "removes a person's access",
  isVisibleTo: (can) => can.isAdmin,
  args: { min: 2, max: 2 },
  run: async (ctx, { positionals: [email, target] }) => {
    const outcome = await revokeAccess(ctx, { email: email!, target: { kind: "either", ref: target! } });
    return revoked(outcome.email, outcome.target, outcome.isRevoked);
  },
};

export const alertsCommand: Command = {
  name: "alerts",
  usage: "alerts here|off <organisation>",
  summary: "this channel gets (or stops getting) the organisation's expiry alerts",
  isVisibleTo: (can) => can.isAdmin || can.isOrgManager,
  args: { min: 2, max: 2 },
  run: async (ctx, { positionals: [mode, organisation] }, env) => {
    const normalised = mode!.toLowerCase();
    if (normalised !== "here" && normalised !== "off") {
      throw new AppError("VALIDATION", "Type `alerts here <organisation>` or `alerts off <organisation>`.");
    }
    if (!env.channel) throw new AppError("VALIDATION", errors.alertsNeedChannel());
    const outcome = await setAlertChannel(ctx, {
      organisation: organisation!,
      isOn: normalised === "here",
      ...env.channel,
    });
    return alertsChanged(outcome.organisation, normalised === "here", outcome.isChanged);
  },
};

export const auditCommand: Command = {
  name: "audit",
  usage: "audit [<app>]",
  summary: "recent audit entries (all for administrators; one application for its managers)",
  isVisibleTo: (can) => can.isAdmin || can.isManager,
  args: { min: 0, max: 1 },
  run: async (ctx, { positionals: [application] }) =>
    auditList(await listAuditEntries(ctx, { application, limit: 20 }), application ?? "everything"),
};
