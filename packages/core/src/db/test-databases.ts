import { randomBytes } from "node:crypto";
import { requireTool, tempDir } from "@jcstar/testkit";
import pg from "pg";
import { createDb, type DbHandle, type Dialect, migrateToLatest, migrateUpTo } from "./create-db.ts";

/**
 * The databases every database test runs on: SQLite always, PostgreSQL from TEST_DATABASE_URL.
 * Without TEST_DATABASE_URL the PostgreSQL run is skipped with a printed reason (a failure under
 * JCSTAR_TEST_STRICT=1).
 */
export function testDialects(): Dialect[] {
  const url = process.env.TEST_DATABASE_URL;
  const havePg = requireTool(
    "PostgreSQL",
    !!url,
    "TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)",
  );
  return havePg ? ["sqlite", "postgres"] : ["sqlite"];
}

export type TestDb = DbHandle & { dispose: () => Promise<void> };

/**
 * A fresh, migrated database for one test file: a SQLite file in a temp folder, or a PostgreSQL
 * schema of its own (dropped on dispose), so that parallel test files never see each other's rows.
 */
export async function openTestDb(dialect: Dialect, options: { upTo?: string } = {}): Promise<TestDb> {
  const dir = tempDir("jcstar-db-");
  const migrate = (db: DbHandle["db"]) =>
    options.upTo ? migrateUpTo(db, options.upTo) : migrateToLatest(db);
  if (dialect === "sqlite") {
    const handle = await createDb({ dataDir: dir.path });
    await migrate(handle.db);
    return {
      ...handle,
      dispose: async () => {
        await handle.close();
        dir.cleanup();
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL as string;
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const handle = await createDb({ url, dataDir: dir.path, schema });
  await migrate(handle.db);
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
      dir.cleanup();
    },
  };
}
