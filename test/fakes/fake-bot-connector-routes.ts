/**
 * What the fake Bot Framework answers, route by route: the identity platform's token endpoint, the Bot
 * Framework's OpenID keys, and the Bot Connector REST API (activities, members, new conversations).
 */

export type TeamsUserSpec = { id: string; aadObjectId: string; name: string; email?: string; upn?: string };

export type ConnectorKind =
  | "token"
  | "openid"
  | "keys"
  | "send"
  | "update"
  | "member"
  | "createConversation"
  | "unknown";

export type Route = { kind: ConnectorKind; conversationId?: string; memberId?: string; activityId?: string };

/** Which route a request is, from its method and path. */
export function routeOf(method: string, path: string): Route {
  if (method === "POST" && /^\/identity\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) return { kind: "token" };
  if (method === "GET" && path === "/botframework/v1/.well-known/openidconfiguration") return { kind: "openid" };
  if (method === "GET" && path === "/botframework/v1/.well-known/keys") return { kind: "keys" };
  const send = /^\/connector\/v3\/conversations\/([^/]+)\/activities$/.exec(path);
  if (method === "POST" && send) return { kind: "send", conversationId: decodeURIComponent(send[1]!) };
  const update = /^\/connector\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(path);
  if (method === "PUT" && update) {
    return {
      kind: "update",
      conversationId: decodeURIComponent(update[1] ?? ""),
      activityId: decodeURIComponent(update[2] ?? ""),
    };
  }
  const member = /^\/connector\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
  if (method === "GET" && member) {
    return {
      kind: "member",
      conversationId: decodeURIComponent(member[1]!),
      memberId: decodeURIComponent(member[2]!),
    };
  }
  if (method === "POST" && path === "/connector/v3/conversations") return { kind: "createConversation" };
  return { kind: "unknown" };
}

/** The normal answer of a route: `[status, body]`. */
export function answerRoute(
  route: Route,
  body: Record<string, unknown>,
  users: Map<string, TeamsUserSpec>,
  counter: number,
): [number, unknown] {
  switch (route.kind) {
    case "token":
      return [200, { token_type: "Bearer", expires_in: 3599, access_token: `bot-token-${counter}` }];
    case "send":
      return [201, { id: `activity-${counter}` }];
    case "update":
      return [200, { id: route.activityId }];
    case "member": {
      const user = [...users.values()].find((u) => u.id === route.memberId || u.aadObjectId === route.memberId);
      if (!user) return [404, { error: { code: "MemberNotFoundInConversation", message: "Member not found" } }];
      return [
        200,
        {
          id: user.id,
          name: user.name,
          aadObjectId: user.aadObjectId,
          ...(user.email ? { email: user.email } : {}),
          ...(user.upn ? { userPrincipalName: user.upn } : {}),
          tenantId: "tenant",
          userRole: "user",
        },
      ];
    }
    case "createConversation": {
      const members = (body.members as Array<{ id: string }> | undefined) ?? [];
      return [201, { id: `a:personal-${members[0]?.id ?? "nobody"}`, activityId: `activity-${counter}` }];
    }
    default:
      return [404, { error: { code: "NotFound", message: "no such route in the fake" } }];
  }
}
