/**
 * Which test files touch a database, read from what they import: a file that reaches
 * test/helpers/database.ts (directly, or through a helper such as runtime.ts or a testbed) runs on
 * SQLite and again on PostgreSQL; every other file runs once. Only the test tree's own relative
 * imports are followed, and `import type` is not an edge (it is gone at run time), so a file that
 * needs only a parsed configuration or a provider on its own (helpers/config.ts, *-direct.ts) stays
 * out. Nothing is kept by hand, so the list cannot drift.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const IMPORT = /^import\s+(?!type\s)[^;]*?from\s+"(\.{1,2}\/[^"]+)";/gms;

/** The test files under `testDir` (relative to `root`, as vitest's include takes them) that touch no database. */
export function filesWithoutDatabase(root: string, testDir = "test"): string[] {
  const top = resolve(root, testDir);
  const database = join(top, "helpers", "database.ts");
  const known = new Map<string, boolean>();
  const reachesDatabase = (file: string, path: Set<string>): boolean => {
    const seen = known.get(file);
    if (seen !== undefined) return seen;
    if (file === database) return true;
    if (!file.startsWith(top) || path.has(file)) return false;
    path.add(file);
    const does = importsOf(file).some((next) => reachesDatabase(next, path));
    path.delete(file);
    known.set(file, does);
    return does;
  };
  return testFiles(top)
    .filter((file) => !reachesDatabase(file, new Set()))
    .map((file) => relative(root, file));
}

/** The files a module imports at run time, by their paths (`./x.js` is the source `./x.ts`). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(IMPORT)].map((m) => resolve(dirname(file), (m[1] ?? "").replace(/\.js$/, ".ts")));
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}
