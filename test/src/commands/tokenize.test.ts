import { describe, expect, it } from "vitest";
import { tokenize } from "../../../src/commands/tokenize.js";
import { AppError } from "../../../src/errors.js";

describe("tokenize", () => {
  it("splits on whitespace and groups quoted words", () => {
    expect(tokenize(`create Partner-NL  --name "Prod key 2027" --expires 90d`)).toEqual([
      "create",
      "Partner-NL",
      "--name",
      "Prod key 2027",
      "--expires",
      "90d",
    ]);
  });

  it("understands the typographic quotes Slack and Teams insert", () => {
    expect(tokenize("create App --name “Secret by Ann” --x ‘one two’")).toEqual([
      "create",
      "App",
      "--name",
      "Secret by Ann",
      "--x",
      "one two",
    ]);
  });

  it("keeps an empty quoted word and honours backslash escapes", () => {
    expect(tokenize(`a "" b\\ c`)).toEqual(["a", "", "b c"]);
  });

  it("refuses an unclosed quote with a message that says how to fix it", () => {
    expect(() => tokenize(`create App --name "oops`)).toThrow(AppError);
    expect(() => tokenize(`create App --name "oops`)).toThrow(/closing "/);
  });
});
