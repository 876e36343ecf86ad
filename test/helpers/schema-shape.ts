/**
 * A migrated database's schema as facts both dialects can state alike, so SQLite's and PostgreSQL's can be
 * compared line by line (test/db/schema-parity.test.ts). Each fact is a key and a value:
 *
 *   `client_secrets.hint`                      → `text not null`
 *   `client_secrets.kind`                      → `text not null default 'secret'`
 *   `contacts primary key`                     → `(organisation_id, email)`
 *   `applications index applications_name_unique` → `unique (lower(name))`
 *   `access_grants check access_grants_one_target` → `(application_id IS NULL) <> (organisation_id IS NULL)`
 *   `client_secrets foreign key (created_by)`  → `people(id) on delete set null on update no action`
 *
 * Types are in a common vocabulary (integer, text, boolean, timestamp, json), defaults and expressions
 * are normalised (quotes, table qualifiers, casts and enclosing parentheses dropped; the current time is
 * `now`), so what remains is a difference in meaning. The dialect readers are sqlite-shape.ts and
 * postgres-shape.ts.
 */

/** Every fact of a database, by key. */
export type Shape = Map<string, string>;

export type Column = { type: string; isNotNull: boolean; default: string | null };
export type Index = { keys: string[]; isUnique: boolean; where: string | null };
export type ForeignKey = { columns: string[]; table: string; to: string[]; onDelete: string; onUpdate: string };

/** Collects one table's facts. */
export function tableFacts(shape: Shape, table: string) {
  return {
    column: (name: string, c: Column) =>
      shape.set(
        `${table}.${name}`,
        `${c.type}${c.isNotNull ? " not null" : ""}${c.default === null ? "" : ` default ${normaliseExpression(c.default)}`}`,
      ),
    primaryKey: (columns: string[]) => {
      if (columns.length > 0) shape.set(`${table} primary key`, `(${columns.join(", ")})`);
    },
    index: (name: string, i: Index) =>
      shape.set(
        `${table} index ${name}`,
        `${i.isUnique ? "unique " : ""}(${i.keys.map(normaliseExpression).join(", ")})${i.where === null ? "" : ` where ${normaliseExpression(i.where)}`}`,
      ),
    check: (name: string, condition: string) => shape.set(`${table} check ${name}`, normaliseExpression(condition)),
    foreignKey: (fk: ForeignKey) =>
      shape.set(
        `${table} foreign key (${fk.columns.join(", ")})`,
        `${fk.table}(${fk.to.join(", ")}) on delete ${fk.onDelete.toLowerCase()} on update ${fk.onUpdate.toLowerCase()}`,
      ),
  };
}

/**
 * Every fact on which the two databases differ, one line each: `<key>: sqlite <value>, postgres <value>`,
 * with `none` where a database lacks the fact altogether.
 */
export function compareShapes(sqlite: Shape, postgres: Shape): string[] {
  const keys = [...new Set([...sqlite.keys(), ...postgres.keys()])].sort();
  const show = (value: string | undefined) => (value === undefined ? "none" : `"${value}"`);
  return keys
    .filter((key) => sqlite.get(key) !== postgres.get(key))
    .map((key) => `${key}: sqlite ${show(sqlite.get(key))}, postgres ${show(postgres.get(key))}`);
}

/** The tables a shape has facts about. */
export const tablesOf = (shape: Shape): string[] =>
  [...new Set([...shape.keys()].map((key) => key.split(/[. ]/)[0] ?? key))].sort();

/** An SQL expression without what only its dialect's spelling adds: quotes, table qualifiers, casts, outer parentheses. */
export function normaliseExpression(expression: string): string {
  const plain = expression
    .replace(/::[a-z_]+(?: (?:with|without|time|zone|varying|precision))*/g, "")
    .replace(/([`"]?)[a-z_][a-z0-9_]*\1\.(?=[`"]?[a-z_])/gi, "")
    .replace(/[`"]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return withoutEnclosingParentheses(plain);
}

function withoutEnclosingParentheses(expression: string): string {
  let s = expression;
  while (s.startsWith("(") && closingParenthesis(s, 0) === s.length - 1) s = s.slice(1, -1).trim();
  return s;
}

/** Where the parenthesis opened at `open` closes (quotes are not looked into: none of ours holds one). */
export function closingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return -1;
}
