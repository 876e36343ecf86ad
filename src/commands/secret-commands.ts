/** `create`, `rotate`, `delete`, and the hidden `confirm` / `cancel` behind confirmation buttons. */
import { findApplication } from "../access.js";
import type { Ctx } from "../context.js";
import { latestExpiry } from "../expiry.js";
import { DAY_MS, isoDate } from "../messages/format.js";
import {
  alreadyDeleted,
  confirmDeletion,
  createForm,
  deletionCancelled,
  secretCreated,
  secretDeleted,
  secretRotated,
} from "../messages/secrets.js";
import type { CreateSecretForm } from "../reply.js";
import { cancelAction, confirmAction } from "../verbs/confirm-action.js";
import { createClientSecret, maxLifetimeDays, suggestedDisplayName } from "../verbs/create-client-secret.js";
import { requestSecretDeletion } from "../verbs/request-secret-deletion.js";
import { showApplication } from "../verbs/show-application.js";
import type { Command, ParsedArgs } from "./command.js";

const secretOptions = {
  name: { type: "string" as const },
  expires: { type: "string" as const },
};

const isManager = (can: { isManager: boolean }) => can.isManager;

/** The create form's defaults, after checking the actor manages the application. */
export async function createFormFor(ctx: Ctx, application: string, isRotation: boolean): Promise<CreateSecretForm> {
  const { app } = await findApplication(ctx, application, "manage");
  const now = ctx.clock.now();
  const latest = isoDate(latestExpiry({ now, maxDays: maxLifetimeDays(ctx) }));
  return {
    applicationName: app.name,
    clientId: app.clientId,
    defaultDisplayName: suggestedDisplayName(ctx),
    defaultExpiresOn: latest,
    maxExpiresOn: latest,
    minExpiresOn: isoDate(new Date(now.getTime() + DAY_MS)),
    isRotation,
  };
}

const wantsForm = (args: ParsedArgs, canShowForms: boolean) =>
  canShowForms && args.values.name === undefined && args.values.expires === undefined;

const secretInput = (args: ParsedArgs) => ({
  application: args.positionals[0]!,
  displayName: args.values.name as string | undefined,
  expires: args.values.expires as string | undefined,
});

export const createCommand: Command = {
  name: "create",
  usage: 'create <app> [--name "…"] [--expires YYYY-MM-DD | 90d]',
  summary: "a new secret; its value is shown once, only to you",
  isVisibleTo: isManager,
  options: secretOptions,
  args: { min: 1, max: 1 },
  run: async (ctx, args, env) => {
    if (wantsForm(args, env.canShowForms)) return createForm(await createFormFor(ctx, args.positionals[0]!, false));
    return secretCreated(await createClientSecret(ctx, secretInput(args)));
  },
};

/** Creates the new secret of a rotation and lists the older ones to delete once systems use it. */
export async function rotate(ctx: Ctx, input: ReturnType<typeof secretInput>) {
  const secret = await createClientSecret(ctx, input);
  const older = (await showApplication(ctx, { application: secret.clientId })).secrets.filter(
    (s) => s.keyId !== secret.keyId,
  );
  return secretRotated(secret, older);
}

export const rotateCommand: Command = {
  name: "rotate",
  usage: 'rotate <app> [--name "…"] [--expires …]',
  summary: "a new secret plus the four rotation steps; offers to delete the old one once you are ready",
  isVisibleTo: isManager,
  options: secretOptions,
  args: { min: 1, max: 1 },
  run: async (ctx, args, env) => {
    if (wantsForm(args, env.canShowForms)) return createForm(await createFormFor(ctx, args.positionals[0]!, true));
    return rotate(ctx, secretInput(args));
  },
};

export const deleteCommand: Command = {
  name: "delete",
  usage: "delete <app> <hint or key id>",
  summary: "deletes a secret after you confirm; API clients using it stop at once",
  isVisibleTo: isManager,
  args: { min: 2, max: 2 },
  run: async (ctx, { positionals }) =>
    confirmDeletion(await requestSecretDeletion(ctx, { application: positionals[0]!, secret: positionals[1]! })),
};

export const confirmCommand: Command = {
  name: "confirm",
  usage: "confirm <token>",
  summary: "carries out a confirmed action",
  isHidden: true,
  isVisibleTo: () => false,
  args: { min: 1, max: 1 },
  run: async (ctx, { positionals }) => {
    const deleted = await confirmAction(ctx, positionals[0]!);
    return deleted ? secretDeleted(deleted.applicationName, deleted.secret) : alreadyDeleted();
  },
};

export const cancelCommand: Command = {
  name: "cancel",
  usage: "cancel <token>",
  summary: "withdraws a pending confirmation",
  isHidden: true,
  isVisibleTo: () => false,
  args: { min: 1, max: 1 },
  run: async (ctx, { positionals }) => {
    await cancelAction(ctx, positionals[0]!);
    return deletionCancelled();
  },
};
