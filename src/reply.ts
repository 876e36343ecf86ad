/**
 * The neutral reply every command returns. Slack renders it as Block Kit, Teams as Adaptive Cards,
 * the console as text, e-mail as text + HTML. Text uses a small common markup: *bold* and `code`.
 */

/** A button: the command line it runs, as the person who clicks it (re-authorised on every click). */
export type Action = {
  label: string;
  command: string;
  style?: "primary" | "danger";
  /** A platform confirm dialog shown before the click counts (never the check itself). */
  confirm?: { title: string; text: string; yes: string; no: string };
};

export type Field = { label: string; value: string };

export type Block =
  | { type: "text"; text: string }
  | { type: "fields"; fields: Field[] }
  /** One row of a list (an application, a secret), optionally with a button beside it. */
  | { type: "item"; text: string; fields?: Field[]; accessory?: Action }
  | { type: "actions"; actions: Action[] }
  | { type: "divider" };

/** A destructive action waiting for the requester's yes; `token` is single use and bound to them. */
export type Confirmation = {
  question: string;
  yes: Action;
  no: Action;
  expiresAt: Date;
};

/** A secret value to reveal exactly once, privately, to the person who created it. */
export type SecretReveal = {
  value: string;
  hint: string;
  keyId: string;
  displayName: string;
  applicationName: string;
  clientId: string;
  expiresAt: Date;
  /** Older secrets the provider ended along with this one (Keycloak keeps one previous secret). */
  ended?: { hint: string; displayName: string }[];
};

/** The inputs to create a secret, for surfaces that can show a form (Slack modal, Teams card). */
export type CreateSecretForm = {
  applicationName: string;
  clientId: string;
  defaultDisplayName: string;
  defaultExpiresOn: string;
  maxExpiresOn: string;
  minExpiresOn: string;
  isRotation: boolean;
  /** What creating ends at the provider (Keycloak: the previous secret), said before the person submits. */
  notice?: string;
  /** The key id of the secret that creating ends; submitting the form (which says so) agrees to it. */
  replacing?: string;
};

export type Tone = "info" | "success" | "error" | "waiting" | "warning";

export type Reply = {
  tone: Tone;
  title?: string;
  blocks: Block[];
  /** Only the person who asked may see this reply (always true for errors, help and secrets). */
  isPrivate: boolean;
  confirmation?: Confirmation;
  secret?: SecretReveal;
  form?: CreateSecretForm;
};

export const reply = (tone: Tone, text: string, extra: Partial<Reply> = {}): Reply => ({
  tone,
  blocks: [{ type: "text", text }],
  isPrivate: true,
  ...extra,
});
