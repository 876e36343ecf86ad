/**
 * The address a request really comes from. Without TRUST_PROXY it is the socket's peer, whatever
 * `X-Forwarded-For` says (anyone can send that header). With it, a peer that is one of the listed
 * proxies is asked: `X-Forwarded-For` is read from the right (each proxy appends the address it saw),
 * skipping listed proxies, and the first address that is not one of them is the client.
 */
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/** `::ffff:192.0.2.1` (an IPv4 peer on a dual-stack socket) is 192.0.2.1. */
function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address.toLowerCase();
}

/** The trusted proxies as a BlockList; entries were checked by the configuration (addresses or CIDRs). */
function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** Some proxies write `192.0.2.1:5678` or `[2001:db8::1]:443`; the port is not part of the address. */
const withoutPort = (hop: string): string =>
  /^\[([^\]]+)\](?::\d+)?$/.exec(hop)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop)?.[1] ?? hop;

export type ClientAddress = (req: IncomingMessage) => string;

/** How to find a request's client address, given the trusted proxies (none: the socket's peer). */
export function clientAddressOf(trustedProxies: readonly string[]): ClientAddress {
  const peer = (req: IncomingMessage) => normaliseAddress(req.socket.remoteAddress ?? "unknown");
  if (trustedProxies.length === 0) return peer;
  const list = proxyList(trustedProxies);
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
  };
  return (req) => {
    let address = peer(req);
    if (!isTrusted(address)) return address;
    const header = req.headers["x-forwarded-for"];
    const hops = (Array.isArray(header) ? header.join(",") : (header ?? ""))
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean);
    for (const hop of hops.reverse()) {
      const candidate = normaliseAddress(withoutPort(hop));
      // A hop that is not an address was made up before any trusted proxy saw it: the last one stands.
      if (isIP(candidate) === 0) return address;
      address = candidate;
      if (!isTrusted(address)) return address;
    }
    return address;
  };
}
