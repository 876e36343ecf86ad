/**
 * SQLite's compiled statements, kept by their SQL text (db/sqlite/statement-cache.ts): reused, handed
 * back in the row mode drizzle expects whichever way it used them last, and never shared while busy.
 */
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keepStatements } from "../../db/sqlite/statement-cache.js";

describe("kept SQLite statements", () => {
  let client: Database.Database;
  beforeEach(() => {
    client = new Database(":memory:");
    keepStatements(client);
    client.exec("create table things (id integer primary key, name text not null)");
    for (const name of ["anvil", "bellows"]) client.prepare("insert into things (name) values (?)").run(name);
  });
  afterEach(() => client.close());

  it("compiles a query once and reuses it", () => {
    const first = client.prepare("select name from things where id = ?");
    expect(client.prepare("select name from things where id = ?")).toBe(first);
    expect(client.prepare("select name from things where id = ?").get(2)).toEqual({ name: "bellows" });
  });

  it("gives rows as objects again after drizzle read the same query as raw rows", () => {
    const db = drizzle(client);
    const query = sql`select id, name from things order by id`;
    expect(db.values(query)).toEqual([
      [1, "anvil"],
      [2, "bellows"],
    ]);
    expect(db.all(query)).toEqual([
      { id: 1, name: "anvil" },
      { id: 2, name: "bellows" },
    ]);
    const plucked = client.prepare("select name from things order by id").pluck();
    expect(plucked.all()).toEqual(["anvil", "bellows"]);
    expect(client.prepare("select name from things order by id").all()).toEqual([
      { name: "anvil" },
      { name: "bellows" },
    ]);
  });

  it("compiles a fresh statement while the kept one is still being iterated", () => {
    const kept = client.prepare("select name from things order by id");
    const rows = kept.iterate();
    expect(rows.next().value).toEqual({ name: "anvil" });
    const again = client.prepare("select name from things order by id");
    expect(again).not.toBe(kept);
    expect(again.all()).toHaveLength(2);
    expect(rows.next().value).toEqual({ name: "bellows" });
    rows.return?.();
  });
});
