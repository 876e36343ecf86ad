import { describe, expect, it } from "vitest";
import { clip, plainText } from "../../../src/messages/markup.js";

describe("the neutral reply markup", () => {
  it("drops the markup of *bold* and `code`, and leaves lone stars and backticks alone", () => {
    expect(plainText("❌ *Only* `managers` may")).toBe("❌ Only managers may");
    expect(plainText("2 * 3 and a ` tick")).toBe("2 * 3 and a ` tick");
    expect(plainText("*not\nbold*")).toBe("*not\nbold*");
  });

  it("clips text to at most the given length, ending in an ellipsis only when cut", () => {
    expect(clip("Partner-NL-Search", 17)).toBe("Partner-NL-Search");
    expect(clip("Partner-NL-Search", 8)).toBe("Partner…");
    expect(clip("Partner-NL-Search", 8)).toHaveLength(8);
  });
});
