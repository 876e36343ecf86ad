/**
 * Buttons. A button is a command line that runs again, as whoever clicks it, so every click is
 * authorised afresh; these build those lines with the words quoted the way the parser reads them back.
 */
import type { Action } from "../reply.js";
import { commandNames as names } from "./names.js";

/** A word as the tokenizer reads it back: quoted when it has spaces, quotes or backslashes. */
const word = (text: string): string => (/^[^\s"'“”‘’„\\]+$/.test(text) ? text : `"${text.replace(/["\\]/g, "\\$&")}"`);

/** The command line that runs `name` with these words. */
export const lineOf = (name: string, ...words: string[]): string => [name, ...words.map(word)].join(" ");

/** A command line as wording shows it, for a person to type: `show Demo-Search`. */
export const typed = (name: keyof typeof names, ...words: string[]): string => `\`${lineOf(names[name], ...words)}\``;

export const showAction = (app: string): Action => ({ label: "Show", command: lineOf(names.show, app) });

export const createAction = (app: string): Action => ({
  label: "Create secret",
  command: lineOf(names.create, app),
  style: "primary",
});

export const rotateAction = (app: string): Action => ({ label: "Rotate", command: lineOf(names.rotate, app) });

export function deleteAction(app: string, secret: { hint: string; keyId: string; displayName: string }): Action {
  return {
    label: "Delete",
    command: lineOf(names.delete, app, secret.keyId),
    style: "danger",
    confirm: {
      title: "Delete this secret?",
      text: `Secret ${secret.hint}… (${secret.displayName}) of ${app} stops working for API clients at once.`,
      yes: "Delete",
      no: "Keep it",
    },
  };
}

/** The yes and no of a pending confirmation: single use, and only for the person who asked. */
export const confirmationActions = (token: string): { yes: Action; no: Action } => ({
  yes: { label: "Delete", command: lineOf(names.confirm, token), style: "danger" },
  no: { label: "Cancel", command: lineOf(names.cancel, token) },
});

/** Approve and Deny under an access request; each runs again as whoever clicks, who must be allowed to decide. */
export const decisionActions = (id: number): Action[] => [
  { label: "Approve", command: lineOf(names.approve, String(id)), style: "primary" },
  { label: "Deny", command: lineOf(names.deny, String(id)), style: "danger" },
];

/** How to decide request `id` by typing, for an e-mail. */
export const decisionLines = (id: number): { approve: string; deny: string } => ({
  approve: lineOf(names.approve, String(id)),
  deny: `${lineOf(names.deny, String(id))} --reason "…"`,
});

/** How to ask for a grant again, as a person would type it. */
export const requestLine = (target: string, role: string): string => `${lineOf(names.request, target, role)} --for 30d`;

/**
 * Goes ahead with a create (or rotate) that ends an older secret at the provider, naming it: the same
 * command with the fields the person gave and `--replacing <key id>`. Naming it makes a double click
 * harmless: by then a different secret would end, and the person is asked again.
 */
export function goAheadAction(
  input: { application: string; displayName?: string; expires?: string },
  isRotation: boolean,
  replacing: string,
): Action {
  const fields = [
    ...(input.displayName ? ["--name", input.displayName] : []),
    ...(input.expires ? ["--expires", input.expires] : []),
  ];
  return {
    label: isRotation ? "Rotate anyway" : "Create anyway",
    command: lineOf(isRotation ? names.rotate : names.create, input.application, ...fields, "--replacing", replacing),
    style: "danger",
    confirm: {
      title: "End the older secret?",
      text: "API clients still using the older secret stop at once.",
      yes: isRotation ? "Rotate" : "Create",
      no: "Keep it",
    },
  };
}
