import { describe, expect, it } from "vitest";
import { renderMail } from "../../../adapters/email/render-mail.js";
import type { Reply } from "../../../src/reply.js";

const reminder: Reply = {
  tone: "warning",
  title: "⚠️ Client secret sst_AbC… of Partner-NL-Search expires tomorrow",
  blocks: [
    {
      type: "actions",
      actions: [
        { label: "Rotate", command: "rotate Partner-NL-Search" },
        { label: "Show", command: "show Partner-NL-Search" },
      ],
    },
  ],
  isPrivate: false,
};

describe("mail, telling people where to act", () => {
  it("names only the console when neither Slack nor Teams is on", () => {
    const { text, html } = renderMail(reminder, { slack: false, teams: false });
    expect(text).toContain(
      "To act: in a terminal, steward console and then rotate Partner-NL-Search or show Partner-NL-Search.",
    );
    expect(`${text}${html}`).not.toMatch(/Slack|Teams|\/secrets/);
  });

  it("names Slack's slash command and Teams' message when they are on", () => {
    const { text } = renderMail(reminder, { slack: true, teams: true });
    expect(text).toContain(
      "To act: in Slack, /secrets rotate Partner-NL-Search or /secrets show Partner-NL-Search; in Teams, a message to the bot: rotate Partner-NL-Search or show Partner-NL-Search; in a terminal,",
    );
    expect(renderMail(reminder, { slack: false, teams: true }).text).not.toContain("Slack");
  });
});
