/** Every chat command, in the order help lists them. */
import { approveCommand, denyCommand, requestsCommand } from "./access-commands.js";
import { alertsCommand, auditCommand, grantCommand, revokeCommand } from "./admin-commands.js";
import { expiringCommand, listCommand, showCommand } from "./application-commands.js";
import type { Command } from "./command.js";
import { helpCommand } from "./help-command.js";
import { requestCommand } from "./request-command.js";
import { retireCommand } from "./retire-command.js";
import { cancelCommand, confirmCommand, createCommand, deleteCommand, rotateCommand } from "./secret-commands.js";

export const commands: Command[] = [
  helpCommand(() => commands),
  listCommand,
  showCommand,
  createCommand,
  deleteCommand,
  rotateCommand,
  expiringCommand,
  alertsCommand,
  grantCommand,
  revokeCommand,
  auditCommand,
  requestCommand,
  requestsCommand,
  approveCommand,
  denyCommand,
  confirmCommand,
  cancelCommand,
  retireCommand,
];

export const findCommand = (name: string): Command | undefined => commands.find((c) => c.name === name);
