import type { Transaction } from "kysely";
import type { Db } from "./create-db.ts";
import type { Database } from "./schema.ts";

/** Runs `fn` in a transaction: the caller's own when `db` already is one, otherwise a new one. */
export function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}
