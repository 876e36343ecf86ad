/**
 * Creating (or rotating) a secret: the typed input of `create` and `rotate`, their form, and the flow
 * that creates and reveals. The form is a general one (src/reply.ts): its fields are the words of the
 * same command line a person could type, so the modal, the card and `create … --name … --expires …`
 * are checked by one schema and say the same things.
 */
import { z } from "zod";
import { retireChoices } from "../../db/vocabulary.js";
import { Calendar } from "../calendar.js";
import type { Ctx, PureDeps } from "../context.js";
import { expiryText, latestExpiry } from "../expiry.js";
import { errors } from "../messages/errors.js";
import {
  createForm,
  secretCreated,
  secretRotated,
  secretsWouldEnd,
  secretFormText as text,
} from "../messages/secrets.js";
import { nameText } from "../names.js";
import { authoriseApplication } from "../policy.js";
import type { FormField, FormReply, Reply, SecretReveal } from "../reply.js";
import {
  type CreateSecretInput,
  createClientSecret,
  DISPLAY_NAME_MAX,
  maxLifetimeDays,
  suggestedDisplayName,
} from "../verbs/create-client-secret.js";
import { roomForSecret, SecretsWouldEnd } from "../verbs/provider-room.js";
import { showApplication } from "../verbs/show-application.js";
import { goAheadAction, lineOf } from "./actions.js";
import { commandNames } from "./names.js";
import { words } from "./words.js";

const limitsOf = (deps: PureDeps) => ({ calendar: Calendar.of(deps), maxDays: maxLifetimeDays(deps) });

/** A typed `--name ""` or `--expires ""` is as good as left out: the default. (The form refuses them blank: see its fields.) */
const blankIsDefault = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

/** `create <app> [--name …] [--expires …] [--replacing <key id>]`, typed: the same checks for a typed line and a form. */
export const SecretInput = (deps: PureDeps) =>
  z
    .object({
      positionals: z.tuple([words.application]),
      values: z.object({
        name: blankIsDefault(nameText("The display name", DISPLAY_NAME_MAX, errors.displayNameRequired())),
        expires: blankIsDefault(expiryText(limitsOf(deps))),
        replacing: z.string().optional(),
        retire: blankIsDefault(z.enum(retireChoices, { error: errors.badRetire })),
      }),
    })
    .transform(({ positionals: [application], values }) => ({
      application,
      displayName: values.name,
      expires: values.expires,
      replacing: values.replacing,
      retire: values.retire,
    }));
export type SecretInput = z.infer<ReturnType<typeof SecretInput>>;

/**
 * The form's fields: the application (a hidden word), the display name, the expiry date (latest by
 * default, from tomorrow), and the older secret creating ends (hidden; only where the provider ends one).
 */
export function secretFields(deps: PureDeps): FormField[] {
  const limits = limitsOf(deps);
  const latest = limits.calendar.dateOf(latestExpiry(limits));
  return [
    { key: "application", kind: "hidden", label: text.application, isRequired: true, fills: { word: 0 } },
    {
      key: "displayName",
      kind: "text",
      label: text.displayName,
      isRequired: true,
      requiredMessage: errors.displayNameRequired(),
      maxLength: DISPLAY_NAME_MAX,
      fills: { option: "name" },
    },
    {
      key: "expiresOn",
      kind: "date",
      label: text.expiresOn,
      hint: text.expiryHint(latest, limits.calendar.timeZone),
      value: latest,
      min: limits.calendar.dateIn(1),
      max: latest,
      isRequired: true,
      requiredMessage: errors.expiryRequired(),
      fills: { option: "expires" },
    },
    {
      key: "retire",
      kind: "choice",
      label: text.retire,
      hint: text.retireHint,
      value: "ask",
      choices: retireChoices.map((choice) => ({ value: choice, label: text.retireChoice[choice] })),
      fills: { option: "retire" },
    },
    { key: "replacing", kind: "hidden", label: text.replacing, fills: { option: "replacing" } },
  ];
}

/**
 * The form for a manager of the application, with "Secret by <name>" suggested. A full provider refuses
 * before the form opens; one that ends a secret says so above the fields, and the form names that secret,
 * so submitting it (which says so) agrees to it.
 */
export async function createFormFor(ctx: Ctx, application: string, isRotation: boolean): Promise<FormReply> {
  const { app } = await authoriseApplication(ctx, application, "manage");
  const room = await roomForSecret(ctx, app, ctx.clock.now());
  const [ending] = room.ending;
  const notice = room.notice && ending ? room.notice : undefined;
  const values: Record<string, string | undefined> = {
    application: app.clientId,
    displayName: suggestedDisplayName(ctx).slice(0, DISPLAY_NAME_MAX),
    replacing: notice ? ending?.keyId : undefined,
  };
  const fields = secretFields(ctx).map((f) => ({ ...f, ...(values[f.key] ? { value: values[f.key] } : {}) }));
  const command = isRotation ? commandNames.rotate : commandNames.create;
  const form = {
    title: text.title(isRotation),
    submitLabel: text.submit(isRotation),
    command,
    fields,
    line: lineOf(command, app.name),
    progress: text.creating(app.name),
  };
  const latest = fields.find((f) => f.key === "expiresOn")?.max ?? "";
  return createForm(form, { applicationName: app.name, isRotation, latest, ...(notice ? { notice } : {}) });
}

/**
 * Creates the secret, or for a rotation also lists the older ones to delete once systems use the new one.
 * Where creating would end an unexpired secret the person did not name, it asks first, with a button
 * that goes ahead naming it.
 */
export async function createOrRotate(ctx: Ctx, input: CreateSecretInput, isRotation: boolean): Promise<Reply> {
  let secret: SecretReveal;
  try {
    secret = await createClientSecret(ctx, input);
  } catch (error) {
    if (error instanceof SecretsWouldEnd) {
      const keyId = error.ending.map((s) => s.keyId).join(",");
      return secretsWouldEnd(error.notice, goAheadAction(input, isRotation, keyId));
    }
    throw error;
  }
  if (!isRotation) return secretCreated(secret);
  const older = (await showApplication(ctx, { application: secret.clientId })).secrets;
  return secretRotated(
    secret,
    older.filter((s) => s.keyId !== secret.keyId),
    Calendar.of(ctx),
  );
}
