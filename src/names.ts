/**
 * Names that people and platforms give things — secrets' display names, organisation, application and
 * API names, people's names from Slack and Teams — end up in terminals, mail and chat. A control
 * character in one (an ANSI escape, a line break, DEL, a C1 code, a bidirectional override that makes
 * text read differently than it is) could rewrite an operator's screen or disguise a name, so typed
 * names with one are refused where they come in, names from a platform lose them, and every renderer
 * escapes whatever is left (src/messages/markup.ts).
 */
import { z } from "zod";
import { errors } from "./messages/errors.js";

/** C0 and C1 controls and DEL (\p{Cc}), and the Unicode bidirectional controls (marks, embeddings, overrides, isolates). */
export const CONTROL_CHARACTERS = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

export const hasControlCharacters = (text: string): boolean => new RegExp(CONTROL_CHARACTERS.source, "u").test(text);

/** A name from a platform, with control characters removed (there is nobody to ask to retype it). */
export const withoutControlCharacters = (text: string): string => text.replace(CONTROL_CHARACTERS, "");

/** A reference to something that exists (an application by name or clientId, a secret by hint, …). */
export const reference = (what: string) =>
  z
    .string({ error: `Say which ${what}.` })
    .trim()
    .min(1, { error: `Say which ${what}.` });

/**
 * A typed name: trimmed, not empty, at most `max` characters, no control characters; each problem said
 * in our words. `what` is how a message starts, e.g. "The display name"; `empty` what to say for none.
 */
export const nameText = (what: string, max: number, empty = errors.nameRequired(what)) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, { error: empty })
    .max(max, { error: errors.nameTooLong(what, max) })
    .refine((name) => !hasControlCharacters(name), { error: errors.nameHasControlCharacters(what) });
