/**
 * Where a webhook may point: an https:// URL, or plain http:// only to a loopback address (a receiver
 * on this machine, for local use) — events carry names and who did what, never over plain HTTP on a
 * network.
 */
import { isIP } from "node:net";

const isLoopback = (host: string): boolean => {
  const bare = host.replace(/^\[|\]$/g, "");
  if (bare === "localhost" || bare.endsWith(".localhost")) return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return isIP(bare) === 6 && (bare === "::1" || bare === "0:0:0:0:0:0:0:1");
};

/** What is wrong with this URL as a webhook target, said so the operator knows what to do; or null. */
export function webhookTargetProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL. Give the receiver's full address, e.g. https://siem.example.org/hooks/steward.`;
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopback(url.hostname)) return null;
  if (url.protocol === "http:") {
    return `${url.origin} is plain http: webhooks go only to https:// addresses (or http:// on this machine: localhost, 127.0.0.1, [::1]).`;
  }
  return `${url.protocol.replace(/:$/, "")} is not a web address: give an https:// URL.`;
}
