/**
 * The Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`) as a Teams-like client, run
 * headless (TEAMSAPPTESTER_BROWSER=none): its own conversation API takes what a person types or clicks,
 * its mock Bot Connector receives what the bot sends, and its web socket streams the bot's messages to
 * the chat window, which is what this client reads.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import WebSocket from "ws";
import { Arrivals } from "../../helpers/arrivals.js";
import { ROOT } from "../../helpers/cli.js";
import { freePort } from "../../helpers/http.js";
import { waitForOutput } from "../../helpers/process.js";
import type { Card } from "./cards.js";

/** What `npm run playground` runs: the playground in a private folder outside the work tree, deleted when it stops. */
const LAUNCHER = join(ROOT, "adapters", "teams", "playground", "run-playground.mjs");

export type ChatMessage = {
  messageId: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: Card }>;
};
type Config = { config: { currentUser: { id: string; email: string }; personalChat: { id: string } } };

export class Playground {
  private child: ChildProcess | undefined;
  private socket: WebSocket | undefined;
  private readonly arrivals = new Arrivals();
  readonly messages: ChatMessage[] = [];
  base = "";
  chatId = "";
  userId = "";
  userEmail = "";
  /** Where the playground keeps its files (its log holds every message), as the launcher says. */
  folder = "";

  /** Starts the playground as `npm run playground` does, from `cwd`, against the bot's endpoint, and opens the chat window's stream. */
  async start(botEndpoint: string, cwd: string): Promise<void> {
    const port = await freePort();
    this.child = spawn(process.execPath, [LAUNCHER, "-e", botEndpoint, "-c", "msteams", "-p", String(port), "--dt"], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: cwd, TEAMSAPPTESTER_BROWSER: "none" },
    });
    const said = await waitForOutput(this.child, /Listening on/);
    this.folder = /files \(.*?\) in (\S+), deleted/.exec(said)?.[1] ?? "";
    this.base = `http://127.0.0.1:${port}`;
    const config = (await (await fetch(`${this.base}/_internal/v1/config`)).json()) as Config;
    this.chatId = config.config.personalChat.id;
    this.userId = config.config.currentUser.id;
    this.userEmail = config.config.currentUser.email;
    this.socket = new WebSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`);
    this.socket.on("message", (data) => {
      const event = JSON.parse(data.toString()) as { action: string; message?: ChatMessage };
      if (event.action === "createMessage" && event.message) {
        this.messages.push(event.message);
        this.arrivals.arrived();
      }
    });
    await new Promise<void>((resolve, reject) => {
      this.socket!.once("open", () => resolve());
      this.socket!.once("error", reject);
    });
  }

  /** Types a message in the personal chat, as the playground's current user. */
  async type(text: string): Promise<void> {
    const res = await fetch(`${this.base}/_conversation/v1/conversations/${this.chatId}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: { id: this.userId }, text, textFormat: "plain" }),
    });
    if (res.status !== 200) throw new Error(`the playground refused the message: ${res.status} ${await res.text()}`);
  }

  /** Clicks an Action.Execute button of a card (with the inputs the card would send), returning the bot's answer. */
  async click(onMessage: string, verb: string, data: object): Promise<{ type: string; value: unknown }> {
    const res = await fetch(`${this.base}/_conversation/v1/invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "adaptiveCard/action",
        value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
        from: { id: this.userId },
        conversation: { id: this.chatId },
        replyToId: onMessage,
      }),
    });
    if (res.status !== 200) throw new Error(`the playground refused the click: ${res.status} ${await res.text()}`);
    return (await res.json()) as { type: string; value: unknown };
  }

  /** The next card the bot posts into the chat after `seen` messages. */
  async nextCard(seen: number, timeoutMs = 10_000): Promise<ChatMessage & { card: Card }> {
    const message = await this.arrivals.until(
      () => this.messages.slice(seen).find((m) => m.attachments?.length),
      timeoutMs,
      () => `no card from the bot in the playground; saw ${JSON.stringify(this.messages)}`,
    );
    return { ...message, card: message.attachments![0]!.content };
  }

  async stop(): Promise<void> {
    this.socket?.close();
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child!.once("exit", resolve));
      this.child.kill();
      await exited;
    }
  }
}
