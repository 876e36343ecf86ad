import { readFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";

/** The lowest port the kernel hands to outgoing connections and to listen(0) (Linux), or null. */
function ephemeralLow(): number | null {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) ? low : null;
  } catch {
    return null;
  }
}

const EPHEMERAL_LOW = ephemeralLow();
/**
 * Ports below the ephemeral range that tests pick from, where no outgoing connection can take one; above
 * 10080, the highest of the ports fetch refuses to connect to ("bad port" in the Fetch standard).
 */
const PICK_FROM = 10_100;

/** Whether `port` can be listened on at 127.0.0.1 right now. */
const isFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

/**
 * A port free on 127.0.0.1 right now, for a server a test starts a moment later. Chosen at random below
 * the kernel's ephemeral range where there is room: a port from listen(0) comes from that range, and
 * in the moment before the server binds it, any outgoing connection of the run (to PostgreSQL, to a
 * stand-in) may take it as its local port (EADDRINUSE).
 */
export async function freePort(): Promise<number> {
  if (EPHEMERAL_LOW !== null && EPHEMERAL_LOW - PICK_FROM >= 2_000) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const port = PICK_FROM + Math.floor(Math.random() * (EPHEMERAL_LOW - PICK_FROM));
      if (await isFree(port)) return port;
    }
  }
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const FORM = { "content-type": "application/x-www-form-urlencoded" };

export type Answer = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

/** A POST from the given local address (any 127.x.y.z reaches a server on 127.0.0.1), on a fresh connection. */
export function postFrom(
  url: string,
  localAddress: string,
  headers: Record<string, string>,
  body: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers, localAddress, agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
