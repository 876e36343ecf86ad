import { describe, expect, it } from "vitest";
import { renderText } from "../../../adapters/console/render-text.js";
import { renderMail } from "../../../adapters/email/render-mail.js";
import { BlockRenderer, fallbackText } from "../../../adapters/slack/render-blocks.js";
import { renderCard } from "../../../adapters/teams/render-card.js";
import { checkForm } from "../../../src/commands/submit-form.js";
import { visible } from "../../../src/messages/markup.js";
import { hasControlCharacters, withoutControlCharacters } from "../../../src/names.js";
import type { Reply } from "../../../src/reply.js";
import { testConfig } from "../../helpers/config.js";

const ESC = "\u001b";
/** A name as an attacker would type it: colours, a bell, a carriage return, DEL, a C1 CSI and a right-to-left override. */
const hostile = `Ann${ESC}[31m red\u0007\rX\u007f\u009b2J\u202eevil`;

const reply: Reply = {
  tone: "info",
  title: `Secrets of ${hostile}`,
  blocks: [
    { type: "text", text: `*${hostile}*\nsecond line` },
    { type: "fields", fields: [{ label: `Label ${ESC}[2J`, value: `\`${hostile}\`` }] },
    {
      type: "item",
      text: hostile,
      fields: [{ label: "Name", value: hostile }],
      accessory: { label: hostile, command: "show X" },
    },
    { type: "actions", actions: [{ label: `Rotate ${ESC}]0;title\u0007`, command: "rotate X" }] },
  ],
  isPrivate: true,
};

/** Every control character a renderer let through, line breaks aside, in a text or in any string of a payload. */
const leaks = (rendered: unknown): string[] => {
  if (typeof rendered === "string") return [...rendered].filter((c) => c !== "\n" && hasControlCharacters(c));
  if (rendered && typeof rendered === "object") return Object.values(rendered).flatMap(leaks);
  return [];
};

describe("control characters in names", () => {
  it("are written out visibly, as \\u escapes, keeping line breaks", () => {
    expect(visible(`a${ESC}[31mb\u202e\nc`)).toBe("a\\u001b[31mb\\u202e\nc");
    expect(JSON.parse(`"${visible("\u009b")}"`)).toBe("\u009b");
    expect(withoutControlCharacters(hostile)).toBe("Ann[31m redX2Jevil");
  });

  it("never reach a terminal, a mail, Slack or Teams raw", () => {
    const text = renderText(reply);
    expect(leaks(text)).toEqual([]);
    expect(text).toContain("Ann\\u001b[31m red");
    const mail = renderMail(reply, { slack: true, teams: true });
    expect(leaks(mail.text)).toEqual([]);
    expect(leaks(mail.html)).toEqual([]);
    const slack = { blocks: new BlockRenderer("interactive").render(reply), text: fallbackText(reply) };
    expect(leaks(slack)).toEqual([]);
    expect(JSON.stringify(slack)).toContain("Ann\\\\u001b[31m red");
    expect(leaks(renderCard(reply, { mayRevealSecret: false }))).toEqual([]);
  });

  it("are refused by the create form's check, which the Slack modal, the Teams card and a typed line share", () => {
    const deps = {
      clock: { now: () => new Date("2026-05-01T09:00:00Z") },
      config: testConfig(),
      provider: { maxLifetimeDays: 3650 },
    };
    const values = { application: "Partner-NL-Search", displayName: `Secret ${ESC}[8m`, expiresOn: "2026-06-01" };
    const problems = checkForm(deps as never, "create", values);
    expect(problems).toEqual({
      displayName:
        "The display name cannot contain control characters (terminal escapes, line breaks, tabs or direction marks); use letters, digits, spaces and punctuation.",
    });
  });
});
