/** `create`, `rotate`, `delete`, and the hidden `confirm` / `cancel` behind confirmation buttons. */
import { z } from "zod";
import { alreadyDeleted, confirmDeletion, deletionCancelled, secretDeleted } from "../messages/secrets.js";
import { cancelAction, confirmAction } from "../verbs/confirm-action.js";
import { requestSecretDeletion } from "../verbs/request-secret-deletion.js";
import { defineCommand, type FormSpec } from "./command.js";
import { createFormFor, createOrRotate, SecretInput, secretFields } from "./create-form.js";
import { commandNames } from "./names.js";
import { words } from "./words.js";

/**
 * The form where the surface shows one and neither a name nor an expiry was typed. It is also the
 * answer where a value may not be shown (a Teams channel), to continue where it may.
 */
const secretForm = (isRotation: boolean): FormSpec => ({
  fields: secretFields,
  opensWith: (args, env) => env.canShowForms && args.values.name === undefined && args.values.expires === undefined,
  open: (ctx, args) => createFormFor(ctx, words.application.parse(args.positionals[0]), isRotation),
});

/** `--replacing <key id>` agrees to end that older secret where the provider keeps only one previous (Keycloak). */
const secretOptions = {
  name: { type: "string" as const },
  expires: { type: "string" as const },
  replacing: { type: "string" as const },
  retire: { type: "string" as const },
};

export const createCommand = defineCommand({
  name: commandNames.create,
  usage: 'create <app> [--name "…"] [--expires YYYY-MM-DD | 90d] [--retire ask|auto]',
  summary: "a new secret; its value is shown once, only to you",
  access: "manager",
  traits: { revealsSecret: true, changesSecrets: true },
  options: secretOptions,
  words: { min: 1, max: 1 },
  input: SecretInput,
  form: secretForm(false),
  run: (ctx, input, env) =>
    env.canRevealSecrets ? createOrRotate(ctx, input, false) : createFormFor(ctx, input.application, false),
});

export const rotateCommand = defineCommand({
  name: commandNames.rotate,
  usage: 'rotate <app> [--name "…"] [--expires …] [--retire ask|auto]',
  summary:
    "a new secret plus the four rotation steps; the bot watches which secret is used and, once the old one is idle, asks to delete it (ask) or deletes it (auto)",
  access: "manager",
  traits: { revealsSecret: true, changesSecrets: true },
  options: secretOptions,
  words: { min: 1, max: 1 },
  input: SecretInput,
  form: secretForm(true),
  run: (ctx, input, env) =>
    env.canRevealSecrets ? createOrRotate(ctx, input, true) : createFormFor(ctx, input.application, true),
});

export const deleteCommand = defineCommand({
  name: commandNames.delete,
  usage: "delete <app> <hint or key id>",
  summary: "deletes a secret after you confirm; API clients using it stop at once",
  access: "manager",
  words: { min: 2, max: 2 },
  input: z
    .object({ positionals: z.tuple([words.application, words.secret]) })
    .transform(({ positionals: [application, secret] }) => ({ application, secret })),
  run: async (ctx, input) => confirmDeletion(await requestSecretDeletion(ctx, input), ctx.clock.now()),
});

const Token = z.object({ positionals: z.tuple([words.token]) }).transform(({ positionals: [token] }) => token);

export const confirmCommand = defineCommand({
  name: commandNames.confirm,
  usage: "confirm <token>",
  summary: "carries out a confirmed action",
  access: "anyone",
  traits: { isHidden: true, answersConfirmation: true, changesSecrets: true },
  words: { min: 1, max: 1 },
  input: Token,
  run: async (ctx, token) => {
    const deleted = await confirmAction(ctx, token);
    return deleted ? secretDeleted(deleted.applicationName, deleted.secret) : alreadyDeleted();
  },
});

export const cancelCommand = defineCommand({
  name: commandNames.cancel,
  usage: "cancel <token>",
  summary: "withdraws a pending confirmation",
  access: "anyone",
  traits: { isHidden: true, answersConfirmation: true },
  words: { min: 1, max: 1 },
  input: Token,
  run: async (ctx, token) => {
    await cancelAction(ctx, token);
    return deletionCancelled();
  },
});
