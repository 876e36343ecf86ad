/**
 * drizzle asks better-sqlite3 to compile every query it runs anew (`prepare` on each execution), which
 * under a burst of chat commands costs more CPU than running the queries. Compiled statements are kept
 * here by their SQL text, the most recently used few hundred, and given back in their default row
 * mode. A statement still busy (an open iterator) is never handed out twice: a fresh one is compiled.
 */
import type { Database, Statement } from "better-sqlite3";

const KEPT = 256;

/** Makes `client.prepare` reuse compiled statements; call once, before drizzle gets the client. */
export function keepStatements(client: Database): void {
  const compile = client.prepare.bind(client);
  const kept = new Map<string, Statement>();
  const prepare = (source: string): Statement => {
    const found = kept.get(source);
    if (found && !found.busy) {
      // Most recently used last, so the first key is the one to drop.
      kept.delete(source);
      kept.set(source, found);
      // drizzle switches a statement to raw rows for some calls and expects plain objects from others.
      if (found.reader) found.pluck(false).expand(false).raw(false);
      return found;
    }
    const statement = compile(source);
    if (found) return statement;
    kept.set(source, statement);
    if (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
    return statement;
  };
  client.prepare = prepare as Database["prepare"];
}
