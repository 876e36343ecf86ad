import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";

describe("the logger", () => {
  it("redacts secret values, Authorization headers and client_secret fields wherever they appear", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger({ level: "info", destination });
    log.info(
      { secret: "sst_one", client_secret: "sst_two", req: { headers: { authorization: "Basic c2VjcmV0" } } },
      "a",
    );
    log.info({ body: { client_secret: "sst_three", value: "sst_four", secretText: "entra~five" } }, "b");
    const text = lines.join("");
    for (const leaked of ["sst_one", "sst_two", "c2VjcmV0", "sst_three", "sst_four", "entra~five"]) {
      expect(text).not.toContain(leaked);
    }
    expect(text.match(/\[redacted\]/g)).toHaveLength(6);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: "a", service: "secret-steward" });
  });
});
