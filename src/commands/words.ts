/** The kinds of words commands take, with what to say when one is not right. */
import { z } from "zod";
import { roles } from "../../db/vocabulary.js";
import { echo } from "../messages/format.js";
import { reference as word } from "../names.js";
import { typed } from "./actions.js";

export const words = {
  application: word("application (its name or clientId)"),
  organisation: word("organisation"),
  target: word("application or organisation"),
  secret: word(`secret (its hint or key id, from ${typed("show")})`),
  email: word("person (their e-mail address)"),
  token: word("confirmation"),
  role: z
    .string()
    .trim()
    .toLowerCase()
    .refine((role): role is (typeof roles)[number] => (roles as readonly string[]).includes(role), {
      message: "The role is manager or viewer.",
    }),
  /** An access request's number, `12` or `#12`. */
  requestId: z.string().transform((raw, check) => {
    const match = /^#?(\d{1,9})$/.exec(raw.trim());
    if (match) return Number(match[1]);
    check.addIssue({
      code: "custom",
      message: `"${echo(raw)}" is not a request number; type ${typed("requests")} to see them.`,
    });
    return z.NEVER;
  }),
  /** `30` or `30d`, from 1 to 3650. */
  days: z.string().transform((raw, check) => {
    const match = /^(\d{1,4})d?$/i.exec(raw.trim());
    const days = match ? Number(match[1]) : Number.NaN;
    if (days >= 1 && days <= 3650) return days;
    check.addIssue({
      code: "custom",
      message: `"${echo(raw)}" is not a number of days from 1 to 3650. Try ${typed("expiring", "30")}.`,
    });
    return z.NEVER;
  }),
};
