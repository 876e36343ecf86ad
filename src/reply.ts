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

/** Where a field's value goes in the command line: the nth word after the command's name, or an option. */
export type FieldFill = { word: number } | { option: string };

/** text · multi-line text · a date (YYYY-MM-DD) · one of `choices` · a value the person does not see. */
export type FieldKind = "text" | "multiline" | "date" | "choice" | "hidden";

/**
 * One input of a form. Its key names it on every surface (Slack's block id, Teams' input id) and in
 * what comes back; its value is only ever a word of the command line it fills, so nothing in it is
 * trusted beyond what that command checks when it runs.
 */
export type FormField = {
  key: string;
  kind: FieldKind;
  label: string;
  hint?: string;
  /** The default (or, for a hidden field, the value itself). */
  value?: string;
  isRequired?: boolean;
  maxLength?: number;
  /** The earliest and latest date a date field offers, YYYY-MM-DD. */
  min?: string;
  max?: string;
  choices?: { value: string; label: string }[];
  fills: FieldFill;
  /**
   * What is said when a required field is left empty: refused with it on submission, before the
   * command's own check, and shown by surfaces that check that themselves (Teams). Without one, the
   * command's own check of an empty value says it.
   */
  requiredMessage?: string;
  /** What was wrong with the value submitted, when the form comes back to be corrected. */
  problem?: string;
};

/**
 * A form any command can answer with: fields whose values become the words and options of `command`
 * (a name in the registry), run on submit as the person who submits it. The reply that carries it keeps
 * its own title and blocks, the text above the inputs.
 */
export type Form = {
  /** The form's own title: short (a Slack modal allows 24 characters). */
  title: string;
  submitLabel: string;
  command: string;
  fields: FormField[];
  /** The command as a person would type it, for wording ("I continue `create X` there"); never run. */
  line: string;
  /** What to say while a submission runs, where the answer takes a moment (Slack's modal). */
  progress?: string;
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
  form?: Form;
  /**
   * What the reply is about, as the command line that shows it (`show <clientId>`, `requests`): mail
   * links to that page of the web portal, through sign-in.
   */
  about?: string;
};

/** A reply that asks for a form to be filled in. */
export type FormReply = Reply & { form: Form };

/** The values of a form's hidden fields (those that have one), by key: what a surface sends back with the inputs. */
export const hiddenValues = (form: Form): Record<string, string> =>
  Object.fromEntries(form.fields.flatMap((f) => (f.kind === "hidden" && f.value ? [[f.key, f.value]] : [])));

export const reply = (tone: Tone, text: string, extra: Partial<Reply> = {}): Reply => ({
  tone,
  blocks: [{ type: "text", text }],
  isPrivate: true,
  ...extra,
});
