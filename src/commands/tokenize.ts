/**
 * Splits a command line into words. Double, single and typographic quotes (which Slack and Teams put
 * in on many keyboards) group words; a backslash escapes the next character.
 */
import { AppError } from "../errors.js";

const CLOSING: Record<string, string> = { '"': '"', "'": "'", "“": "”", "”": "”", "‘": "’", "’": "’", "„": "“" };

export function tokenize(line: string): string[] {
  const words: string[] = [];
  let current = "";
  let hasWord = false;
  let closing: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (closing !== null) {
      if (ch === closing || (closing === "”" && ch === '"')) closing = null;
      else current += ch;
      continue;
    }
    if (ch === "\\" && i + 1 < line.length) {
      current += line[++i];
      hasWord = true;
    } else if (CLOSING[ch] !== undefined) {
      closing = CLOSING[ch];
      hasWord = true;
    } else if (/\s/.test(ch)) {
      if (hasWord) words.push(current);
      current = "";
      hasWord = false;
    } else {
      current += ch;
      hasWord = true;
    }
  }
  if (closing !== null)
    throw new AppError("VALIDATION", `A quote is not closed: add the closing ${closing} and try again.`);
  if (hasWord) words.push(current);
  return words;
}
