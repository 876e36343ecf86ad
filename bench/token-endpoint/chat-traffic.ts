/**
 * Chat traffic beside the token load: Teams messages to the replicas' /api/messages (Bot Framework
 * authentication off, as with the Agents Playground), each from one of many people, so every message
 * writes on the replica that takes it — the conversation reference refreshed, and a first-seen
 * person's identity — and runs a command that touches no client. Answers and member look-ups go to a
 * small local Bot Connector stand-in. Nothing leaves 127.0.0.1.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

const TENANT = "bench-tenant";
const BOT = { id: "28:bench-bot", name: "Secret Steward" };

export type ChatTraffic = { sent: number; answered: number; failed: number; stop(): Promise<void> };

/** A Bot Connector that accepts every answer and knows every `29:user-<n>` as user<n>@example.org. */
export async function startConnector(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const member = /\/members\/29%3Auser-(\d+)$|\/members\/29:user-(\d+)$/.exec(req.url ?? "");
      const n = member?.[1] ?? member?.[2];
      const body = n
        ? { id: `29:user-${n}`, name: `User ${n}`, aadObjectId: `aad-${n}`, email: `user${n}@example.org` }
        : { id: "answer-1" };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

function message(serviceUrl: string, n: number, seq: number) {
  const user = { id: `29:user-${n}`, name: `User ${n}`, aadObjectId: `aad-${n}` };
  return {
    type: "message",
    id: `bench-${seq}`,
    channelId: "msteams",
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: user,
    recipient: BOT,
    conversation: { id: `a:personal-${n}`, conversationType: "personal", tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    text: "help",
    textFormat: "plain",
  };
}

/** Sends `perSecond` messages a second, spread over the replicas, from `people` people in turn. */
export function chatTraffic(
  replicas: string[],
  serviceUrl: string,
  options: { perSecond: number; people: number },
): ChatTraffic {
  let seq = 0;
  const inFlight = new Set<Promise<void>>();
  const traffic: ChatTraffic = {
    sent: 0,
    answered: 0,
    failed: 0,
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
  const send = () => {
    seq++;
    const base = replicas[seq % replicas.length] ?? "";
    const body = JSON.stringify(message(serviceUrl, seq % options.people, seq));
    traffic.sent++;
    const sending = fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.ok) traffic.answered++;
        else traffic.failed++;
      })
      .catch(() => {
        traffic.failed++;
      })
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };
  const timer = setInterval(send, 1000 / options.perSecond);
  return traffic;
}
