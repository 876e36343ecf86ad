/**
 * The signing thread: the signatures asked for in one turn go together and come back a few at a time,
 * each verifiable with the public key; a key it cannot sign with, and a stop, answer every waiting
 * signature with an error.
 */
import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Es256Signer } from "../../../../adapters/providers/builtin/es256-signer.js";

const signed = (signer: Es256Signer, input: string) =>
  new Promise<{ error: Error | null; signature: string }>((resolve) =>
    signer.sign(input, (error, signature) => resolve({ error, signature })),
  );

describe("the ES256 signing thread", () => {
  it("signs what one turn asks for together, and what later turns ask for, each verifiable", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const signer = new Es256Signer(privateKey);
    try {
      const inputs = Array.from({ length: 25 }, (_, i) => `header.payload-${i}`);
      const first = await Promise.all(inputs.map((input) => signed(signer, input)));
      const later = await signed(signer, "header.later");
      for (const [i, { error, signature }] of [...first, later].entries()) {
        expect(error).toBeNull();
        const input = inputs[i] ?? "header.later";
        const raw = Buffer.from(signature, "base64url");
        expect(raw).toHaveLength(64);
        expect(verify("sha256", Buffer.from(input), { key: publicKey, dsaEncoding: "ieee-p1363" }, raw)).toBe(true);
      }
    } finally {
      await signer.stop();
    }
  });

  it("answers a turn's signatures a few at a time, as they are made, not all at the end", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const signer = new Es256Signer(privateKey);
    try {
      let answered = 0;
      let answeredWhenFirstWasUsed = -1;
      const all = Array.from(
        { length: 25 },
        (_, i) =>
          new Promise<void>((resolve) =>
            signer.sign(`header.payload-${i}`, (error) => {
              expect(error).toBeNull();
              answered++;
              // What the first answer's own continuation sees: the answers that came with it.
              if (i === 0) queueMicrotask(() => (answeredWhenFirstWasUsed = answered));
              resolve();
            }),
          ),
      );
      await Promise.all(all);
      expect(answeredWhenFirstWasUsed).toBe(4);
    } finally {
      await signer.stop();
    }
  });

  it("answers with an error when the key cannot sign, and after a stop", async () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const wrong = new Es256Signer(privateKey);
    const refused = await Promise.all([signed(wrong, "a"), signed(wrong, "b")]);
    for (const r of refused) expect(r.error).toBeInstanceOf(Error);
    await wrong.stop();

    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const stopping = new Es256Signer(ec);
    const waiting = signed(stopping, "never sent");
    await stopping.stop();
    expect((await waiting).error?.message).toMatch(/stopped/);
    expect((await signed(stopping, "after")).error?.message).toMatch(/stopped/);
  });
});
