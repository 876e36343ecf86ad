import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddressOf } from "../../../adapters/http/client-address.js";

/** A request as the server sees it: the socket's peer and the X-Forwarded-For header, if any. */
const request = (peer: string, forwardedFor?: string | string[]) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  }) as unknown as IncomingMessage;

describe("the client address (TRUST_PROXY)", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    const address = clientAddressOf([]);
    expect(address(request("192.0.2.10", "198.51.100.7"))).toBe("192.0.2.10");
    expect(address(request("::ffff:192.0.2.10"))).toBe("192.0.2.10");
  });

  it("believes X-Forwarded-For only from a listed proxy", () => {
    const address = clientAddressOf(["10.0.0.5"]);
    expect(address(request("10.0.0.5", "198.51.100.7"))).toBe("198.51.100.7");
    expect(address(request("::ffff:10.0.0.5", "198.51.100.7"))).toBe("198.51.100.7");
    expect(address(request("10.0.0.6", "198.51.100.7"))).toBe("10.0.0.6");
  });

  it("reads the chain from the right, skipping trusted proxies, so an address the client made up is never taken", () => {
    const address = clientAddressOf(["10.0.0.0/8", "2001:db8::/32"]);
    // The client claims 203.0.113.1; the first proxy saw 198.51.100.7, the second saw the first proxy.
    expect(address(request("10.0.0.5", "203.0.113.1, 198.51.100.7, 10.1.2.3"))).toBe("198.51.100.7");
    expect(address(request("10.0.0.5", ["203.0.113.1, 198.51.100.7", "10.1.2.3"]))).toBe("198.51.100.7");
    expect(address(request("2001:db8::1", "2001:db8::2, 2a00:1450::1"))).toBe("2a00:1450::1");
  });

  it("drops ports some proxies add, and stops at a hop that is not an address", () => {
    const address = clientAddressOf(["10.0.0.5", "10.0.0.6"]);
    expect(address(request("10.0.0.5", "198.51.100.7:51234"))).toBe("198.51.100.7");
    expect(address(request("10.0.0.5", "[2a00:1450::1]:443"))).toBe("2a00:1450::1");
    expect(address(request("10.0.0.5", "not-an-address, 10.0.0.6"))).toBe("10.0.0.6");
    expect(address(request("10.0.0.5"))).toBe("10.0.0.5");
  });
});
