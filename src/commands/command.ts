/** The shape of a chat command: its grammar, who sees it in help, and what it runs. */
import type { ParseArgsConfig } from "node:util";
import type { Ctx, Surface } from "../context.js";
import type { Reply } from "../reply.js";

/** Where a command was typed: the surface and, in a chat channel, which one. */
export type CommandEnv = {
  surface: Surface;
  /** The chat channel the command came from; absent in a 1:1 chat, the console and the CLI. */
  channel?: {
    platform: "slack" | "teams";
    workspace: string;
    channelId: string;
    conversationRef?: Record<string, unknown>;
  };
  /** The surface can show a create form (Slack modal, Teams card); otherwise defaults apply. */
  canShowForms: boolean;
};

/** What the person may do, computed once for help. */
export type Capabilities = { hasGrant: boolean; isManager: boolean; isOrgManager: boolean; isAdmin: boolean };

export type ParsedArgs = { positionals: string[]; values: Record<string, string | boolean | string[] | undefined> };

export type Command = {
  name: string;
  usage: string;
  summary: string;
  /** Internal commands (buttons' confirm/cancel) are left out of help. */
  isHidden?: boolean;
  isVisibleTo: (can: Capabilities) => boolean;
  options?: ParseArgsConfig["options"];
  args: { min: number; max: number };
  run: (ctx: Ctx, args: ParsedArgs, env: CommandEnv) => Reply | Promise<Reply>;
};
