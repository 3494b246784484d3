import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from "kysely";
import { MIGRATIONS } from "./migrations/index.ts";
import type { Database } from "./schema.ts";

export type Dialect = "sqlite" | "postgres";

export type DbOptions = {
  /** `postgres://…` for PostgreSQL; unset for SQLite in `dataDir`. */
  url?: string | undefined;
  /** The data folder; the SQLite file is `jcstar.sqlite` in it. */
  dataDir: string;
  /** PostgreSQL only: work in this schema (created if missing). Tests use one schema per file. */
  schema?: string | undefined;
};

export type Db = Kysely<Database>;

export type DbHandle = { db: Db; dialect: Dialect; close: () => Promise<void> };

function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

async function ensureSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/**
 * Opens the database: PostgreSQL when `url` is `postgres://…`, otherwise SQLite in the data folder
 * (WAL, busy timeout, foreign keys on). Does not migrate: call `migrateToLatest`.
 */
export async function createDb(options: DbOptions): Promise<DbHandle> {
  const url = options.url;
  if (url && isPostgresUrl(url)) {
    if (options.schema) await ensureSchema(url, options.schema);
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      ...(options.schema ? { options: `-c search_path="${options.schema}"` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  if (options.url && options.url !== "sqlite" && !options.url.startsWith("sqlite:")) {
    throw new Error(
      `DATABASE_URL must start with postgres:// or sqlite: (got ${options.url.split(":")[0]}:…)`,
    );
  }
  const file = options.url?.startsWith("sqlite:")
    ? options.url.slice("sqlite:".length)
    : join(options.dataDir, "jcstar.sqlite");
  if (file !== ":memory:") mkdirSync(options.dataDir, { recursive: true });
  // The driver a command does not use is never loaded (better-sqlite3 is a native module, pg is large).
  const { default: SQLite } = await import("better-sqlite3");
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/** Applies every pending migration. Safe to call at every start and from several processes. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return migrate(db, null);
}

/** Applies the migrations up to and including `name` (tests: a data folder as an older release left it). */
export async function migrateUpTo(db: Db, name: string): Promise<string[]> {
  if (!(name in MIGRATIONS)) throw new Error(`unknown migration ${name}`);
  return migrate(db, name);
}

async function migrate(db: Db, upTo: string | null): Promise<string[]> {
  // On PostgreSQL, pin the migration tables to the current schema: Kysely otherwise looks for them in
  // every schema and may find another schema's (several jcstar schemas can share one database).
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
