/**
 * The parts of inbound Bot Framework activities the adapter reads, checked with zod after the SDK has
 * authenticated the request. Ids go into Bot Connector URL paths, so they may not contain `/`, `?` or `#`.
 */
import { z } from "zod";
import { commandNames } from "../../src/commands/names.js";

const Id = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[^/?#\s]+$/, "not a Teams id");

export const Account = z.object({
  id: Id,
  name: z.string().max(512).optional(),
  aadObjectId: z.string().max(128).optional(),
});
export type Account = z.infer<typeof Account>;

export const TeamsActivity = z.object({
  type: z.string(),
  id: z.string().max(1024).optional(),
  name: z.string().max(200).optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  channelId: z.string().max(64),
  from: Account,
  recipient: Account,
  conversation: z.object({
    id: Id,
    conversationType: z.string().max(64).optional(),
    tenantId: z.string().max(128).optional(),
    isGroup: z.boolean().optional(),
  }),
  channelData: z
    .object({
      tenant: z.object({ id: z.string().max(128) }).optional(),
      team: z.object({ id: Id, name: z.string().max(512).optional() }).optional(),
      channel: z.object({ id: Id, name: z.string().max(512).optional() }).optional(),
      eventType: z.string().max(64).optional(),
    })
    .optional(),
  text: z.string().max(8000).optional(),
  entities: z
    .array(z.object({ type: z.string(), mentioned: Account.partial().optional(), text: z.string().optional() }))
    .optional(),
  value: z.unknown().optional(),
  action: z.string().max(64).optional(),
  membersAdded: z.array(Account.partial()).optional(),
  membersRemoved: z.array(Account.partial()).optional(),
});
export type TeamsActivity = z.infer<typeof TeamsActivity>;

/**
 * Our Action.Execute verbs. `create` is what create and rotate cards sent before forms were general;
 * such cards stay in people's chats, so their submissions are still understood.
 */
export const ExecuteVerb = { run: "run", submit: "submit", hide: "hide", legacyCreate: "create" } as const;

/** The value of an `adaptiveCard/action` invoke (Action.Execute): our verb and its data, inputs merged in. */
export const CardActionValue = z.object({
  action: z.object({
    type: z.literal("Action.Execute"),
    verb: z.enum([ExecuteVerb.run, ExecuteVerb.submit, ExecuteVerb.hide, ExecuteVerb.legacyCreate]),
    data: z.record(z.string(), z.unknown()).default({}),
  }),
});

export const RunData = z.object({ command: z.string().trim().min(1).max(1000) });

/**
 * A submitted form: the command it runs, and every other text value by field key — the hidden values
 * the card carried and the inputs Teams merged in. Anything that is not text is no field of ours.
 */
export const SubmitData = z
  .object({ command: z.string().trim().min(1).max(64) })
  .catchall(z.unknown())
  .transform(({ command, ...rest }) => ({
    command,
    values: Object.fromEntries(
      Object.entries(rest).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    ),
  }));

/**
 * An earlier create or rotate card's submission: its inputs had the keys the general form's fields
 * have now, so it is that form's submission under the command the card was for.
 */
export const LegacyCreateData = z
  .object({ isRotation: z.boolean().default(false) })
  .catchall(z.unknown())
  .transform(({ isRotation, ...rest }) => ({
    ...rest,
    command: (isRotation ? commandNames.rotate : commandNames.create) as string,
  }))
  .pipe(SubmitData);

export const HideData = z.object({ application: z.string().trim().min(1).max(200) });
