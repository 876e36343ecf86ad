/**
 * Wording that Slack and Teams share, for the chat adapters' own situations (the core's replies are
 * worded in the other files here). Each adapter's text object spreads this one, so a sentence changes
 * on both platforms at once; wording only one platform needs stays in its adapter.
 */

export const chatText = {
  notAPerson: () => "Bots and apps can't use Secret Steward; a person has to.",
  confirmationNote: (until: string) => `Only you can confirm this, until ${until}.`,
  moreNotShown: (n: number) => `…and ${n} more not shown here.`,
};
