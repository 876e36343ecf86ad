import { describe, expect, it } from "vitest";
import { cardText } from "../../../adapters/teams/card-text.js";
import { plainText } from "../../../src/messages/markup.js";

describe("the neutral markup on Adaptive Cards", () => {
  it("turns *bold* into Markdown bold and drops the backticks of `code`, which cards cannot show", () => {
    expect(cardText("*Client secrets (2)* of `Partner-NL-Search`")).toBe("**Client secrets (2)** of Partner-NL-Search");
  });

  it("never lets a display name typed by a person become a link", () => {
    const text = cardText("`sst_AbC…` *[Reset here](https://evil.example)* expires soon");
    expect(text).not.toContain("](");
    expect(text).toContain("[Reset here]\u200b(https://evil.example)");
  });

  it("gives plain text for button titles and the clicker-only messages", () => {
    expect(plainText("❌ *Only* `managers` may")).toBe("❌ Only managers may");
  });
});
