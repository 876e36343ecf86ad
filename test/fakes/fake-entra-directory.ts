/**
 * The state behind the fake Microsoft Graph: app registrations and their password credentials, as
 * Graph v1.0 documents them (`application`, `passwordCredential`). Tests change it directly to play
 * an administrator working in the Entra portal.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../../src/ports/clock.js";

export type FakeCredential = {
  customKeyIdentifier: null;
  displayName: string | null;
  endDateTime: string;
  hint: string | null;
  keyId: string;
  secretText: null;
  startDateTime: string | null;
};

/** A certificate as Graph lists it: `key` is left out of listings, `customKeyIdentifier` is the SHA-1 thumbprint. */
export type FakeKeyCredential = {
  customKeyIdentifier: string;
  displayName: string | null;
  endDateTime: string;
  keyId: string;
  startDateTime: string;
  type: "AsymmetricX509Cert";
  usage: "Verify";
};

export type FakeApplication = {
  id: string;
  appId: string;
  displayName: string;
  passwordCredentials: FakeCredential[];
  keyCredentials: FakeKeyCredential[];
  /** False: the bot is not among its owners, so Application.ReadWrite.OwnedBy may not change it. */
  isOwnedByBot: boolean;
};

const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~._-";

/** A value shaped like Entra's generated client secrets: 40 characters, `8Q~` after the hint. */
export function entraLikeSecret(): string {
  const pick = (n: number) => [...randomBytes(n)].map((b) => SECRET_ALPHABET[b % SECRET_ALPHABET.length]).join("");
  return `${pick(3).replace(/[~._-]/g, "a")}8Q~${pick(34)}`;
}

export class FakeEntraDirectory {
  readonly applications: FakeApplication[] = [];
  /** Every secretText ever handed out, so tests can prove none of them was kept anywhere. */
  readonly secretTexts: string[] = [];
  /** Each credential's last sign-in, by key id, as the sign-in activity report gives it. */
  readonly signIns = new Map<string, Date>();
  /** The key id the next addPassword hands out (to provoke a database conflict); once. */
  nextKeyId: string | undefined;

  constructor(private readonly clock: Clock) {}

  addApplication(displayName: string, options: { isOwnedByBot?: boolean } = {}): FakeApplication {
    const app = {
      id: randomUUID(),
      appId: randomUUID(),
      displayName,
      passwordCredentials: [],
      keyCredentials: [],
      isOwnedByBot: options.isOwnedByBot ?? true,
    };
    this.applications.push(app);
    return app;
  }

  byAppId(appId: string): FakeApplication | undefined {
    return this.applications.find((a) => a.appId === appId);
  }

  /** A secret made in the portal or by a script: the bot did not see it being made. */
  addCredential(app: FakeApplication, input: { displayName: string; start: Date; end: Date }): FakeCredential {
    const secretText = entraLikeSecret();
    this.secretTexts.push(secretText);
    const credential: FakeCredential = {
      customKeyIdentifier: null,
      displayName: input.displayName,
      endDateTime: input.end.toISOString(),
      hint: secretText.slice(0, 3),
      keyId: randomUUID(),
      secretText: null,
      startDateTime: input.start.toISOString(),
    };
    app.passwordCredentials.push(credential);
    return credential;
  }

  /** A certificate uploaded in the portal: the bot only ever sees its metadata. */
  addCertificate(app: FakeApplication, input: { displayName: string; start: Date; end: Date }): FakeKeyCredential {
    const certificate: FakeKeyCredential = {
      customKeyIdentifier: randomBytes(20).toString("base64"),
      displayName: input.displayName,
      endDateTime: input.end.toISOString(),
      keyId: randomUUID(),
      startDateTime: input.start.toISOString(),
      type: "AsymmetricX509Cert",
      usage: "Verify",
    };
    app.keyCredentials.push(certificate);
    return certificate;
  }

  /** addPassword: Graph generates the value, keeps only the hint, and returns the value this once. */
  addPassword(app: FakeApplication, input: { displayName?: string; endDateTime?: string }) {
    const secretText = entraLikeSecret();
    this.secretTexts.push(secretText);
    const now = this.clock.now();
    const credential: FakeCredential = {
      customKeyIdentifier: null,
      displayName: input.displayName ?? null,
      endDateTime: input.endDateTime ?? new Date(now.getTime() + 2 * 365 * 86_400_000).toISOString(),
      hint: secretText.slice(0, 3),
      keyId: this.nextKeyId ?? randomUUID(),
      secretText: null,
      startDateTime: now.toISOString(),
    };
    this.nextKeyId = undefined;
    app.passwordCredentials.push(credential);
    return { ...credential, secretText };
  }

  /** removePassword: false when the application holds no such key. */
  removePassword(app: FakeApplication, keyId: string): boolean {
    const before = app.passwordCredentials.length;
    app.passwordCredentials = app.passwordCredentials.filter((c) => c.keyId !== keyId);
    return app.passwordCredentials.length < before;
  }

  /** The few $filter forms Graph supports on applications that tests use; null for anything else. */
  filter(expression: string | null): FakeApplication[] | null {
    if (expression === null) return this.applications;
    const startsWith = /^startswith\(displayName,'((?:[^']|'')*)'\)$/.exec(expression.trim());
    if (startsWith) {
      const prefix = startsWith[1]!.replaceAll("''", "'");
      return this.applications.filter((a) => a.displayName.startsWith(prefix));
    }
    const equals = /^(appId|displayName) eq '((?:[^']|'')*)'$/.exec(expression.trim());
    if (equals) {
      const value = equals[2]!.replaceAll("''", "'");
      return this.applications.filter((a) => a[equals[1] as "appId" | "displayName"] === value);
    }
    return null;
  }
}
