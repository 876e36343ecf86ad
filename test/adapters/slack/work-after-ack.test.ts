import { describe, expect, it } from "vitest";
import { yieldToOtherRequests } from "../../../adapters/slack/work-after-ack.js";

describe("work after an ack", () => {
  it("resumes one waiting piece per turn of the event loop, in the order they asked, with other work between", async () => {
    const seen: string[] = [];
    const piece = async (name: string) => {
      await yieldToOtherRequests();
      seen.push(name);
    };
    const pieces = Promise.all([piece("a"), piece("b"), piece("c")]);
    // Other work that became ready meanwhile (as a request read from a socket would be) runs before the
    // second piece; resuming every waiting piece in one turn would run it after all three.
    setImmediate(() => seen.push("other"));
    await pieces;
    expect(seen).toEqual(["a", "other", "b", "c"]);
  });

  it("resumes a piece that asks after the queue ran empty", async () => {
    await Promise.all([yieldToOtherRequests(), yieldToOtherRequests()]);
    let isResumed = false;
    await yieldToOtherRequests().then(() => {
      isResumed = true;
    });
    expect(isResumed).toBe(true);
  });
});
