/**
 * The PostgreSQL test project's global setup: one throwaway cluster for the whole run, with a template
 * database holding the real migrations, so each test gets a fresh, migrated database by a fast copy.
 * The cluster is stopped and deleted at the end of the run.
 */
import type { TestProject } from "vitest/node";
import { openDatabase } from "../db/open.js";
import { adminQuery, startCluster } from "./helpers/postgres-cluster.js";

export const TEMPLATE = "steward_template";

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster({ isVacuumOff: true });
  try {
    await adminQuery(cluster, `create database ${TEMPLATE}`);
    const db = await openDatabase({ databasePath: "", databaseUrl: cluster.urlFor(TEMPLATE) });
    await db.close();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide("postgres", { port: cluster.port, dataDir: cluster.dataDir, template: TEMPLATE });
  return () => cluster.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    postgres: { port: number; dataDir: string; template: string };
  }
}
