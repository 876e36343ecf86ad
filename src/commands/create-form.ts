/**
 * Creating (or rotating) a secret through a form — the Slack modal, the Teams card — and the form
 * itself. One flow for both adapters: the form's defaults for a manager, the check of what was entered
 * (pure, so adapters can show problems beside the fields before anything happens), and the submit,
 * which authorises again and answers with the one-time reveal.
 */
import { Calendar } from "../calendar.js";
import type { Ctx, Deps } from "../context.js";
import { isAppError } from "../errors.js";
import { latestExpiry, resolveExpiry } from "../expiry.js";
import { errors } from "../messages/errors.js";
import { createForm, secretCreated, secretRotated, secretsWouldEnd } from "../messages/secrets.js";
import { nameText } from "../names.js";
import { authoriseApplication } from "../policy.js";
import type { CreateSecretForm, Reply, SecretReveal } from "../reply.js";
import {
  type CreateSecretInput,
  createClientSecret,
  DISPLAY_NAME_MAX,
  maxLifetimeDays,
  suggestedDisplayName,
} from "../verbs/create-client-secret.js";
import { roomForSecret, SecretsWouldEnd } from "../verbs/provider-room.js";
import { showApplication } from "../verbs/show-application.js";
import { goAheadAction } from "./actions.js";
import { errorReply } from "./chat-error.js";

/** The create form's defaults, after checking the actor manages the application. */
export async function createFormFor(ctx: Ctx, application: string, isRotation: boolean): Promise<CreateSecretForm> {
  const { app } = await authoriseApplication(ctx, application, "manage");
  const calendar = Calendar.of(ctx);
  const latest = calendar.dateOf(latestExpiry({ calendar, maxDays: maxLifetimeDays(ctx) }));
  // A full provider refuses before the form opens; one that ends a secret says so on the form.
  const room = await roomForSecret(ctx, app, ctx.clock.now());
  const [ending] = room.ending;
  return {
    ...(room.notice && ending ? { notice: room.notice, replacing: ending.keyId } : {}),
    applicationName: app.name,
    clientId: app.clientId,
    defaultDisplayName: suggestedDisplayName(ctx),
    defaultExpiresOn: latest,
    maxExpiresOn: latest,
    minExpiresOn: calendar.dateIn(1),
    isRotation,
  };
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

export type CreateFormProblems = { displayName?: string; expiresOn?: string };
export type SubmittedForm = {
  application: string;
  displayName: string;
  expiresOn: string;
  isRotation: boolean;
  /** The secret the form said creating ends; submitting the form agreed to it. */
  replacing?: string;
};

/** Checks what was entered in a form. Pure: no database and no platform call. */
export function checkCreateForm(
  deps: Pick<Deps, "clock" | "config" | "provider">,
  input: { displayName: string; expiresOn: string },
): CreateFormProblems {
  const problems: CreateFormProblems = {};
  const name = input.displayName.trim();
  // Empty gets the form's own hint; anything else is checked as the create command checks a name.
  const checked = nameText("The display name", DISPLAY_NAME_MAX).safeParse(name);
  if (name === "") problems.displayName = errors.displayNameRequired();
  else if (!checked.success) problems.displayName = checked.error.issues[0]?.message;
  const expiresOn = input.expiresOn.trim();
  if (expiresOn === "") problems.expiresOn = errors.expiryRequired();
  else {
    try {
      resolveExpiry(expiresOn, { calendar: Calendar.of(deps), maxDays: maxLifetimeDays(deps) });
    } catch (error) {
      if (!isAppError(error)) throw error;
      problems.expiresOn = error.message;
    }
  }
  return problems;
}

export type FormOutcome =
  | { kind: "problems"; problems: CreateFormProblems; form: CreateSecretForm }
  | { kind: "reply"; reply: Reply };

/**
 * A submitted form: checked, authorised again (nothing in it is trusted but what was typed), then the
 * secret is created and revealed — or, where a value may not be shown, the form comes back to continue
 * where it may. Never throws: a refusal is a reply.
 */
export async function submitCreateForm(
  ctx: Ctx,
  submitted: SubmittedForm,
  where: { canRevealSecrets: boolean },
): Promise<FormOutcome> {
  try {
    const problems = checkCreateForm(ctx, submitted);
    if (Object.keys(problems).length > 0 || !where.canRevealSecrets) {
      const form = await createFormFor(ctx, submitted.application, submitted.isRotation);
      if (!where.canRevealSecrets) return { kind: "reply", reply: createForm(form) };
      return { kind: "problems", problems, form };
    }
    const input = {
      application: submitted.application,
      displayName: submitted.displayName.trim(),
      expires: submitted.expiresOn,
      replacing: submitted.replacing,
    };
    return { kind: "reply", reply: await createOrRotate(ctx, input, submitted.isRotation) };
  } catch (error) {
    return { kind: "reply", reply: errorReply(error, ctx.log) };
  }
}
