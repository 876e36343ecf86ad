/** Every chat command's name, in one place: the definitions and the buttons that run them use these. */
export const commandNames = {
  help: "help",
  list: "list",
  show: "show",
  create: "create",
  delete: "delete",
  rotate: "rotate",
  expiring: "expiring",
  alerts: "alerts",
  grant: "grant",
  revoke: "revoke",
  audit: "audit",
  confirm: "confirm",
  cancel: "cancel",
} as const;
