import type { Dialect } from "@jcstar/core";
import { createOrganisation, loadCatalog } from "@jcstar/core";
import { openTestDb, type TestDb } from "@jcstar/core/db/test-databases";
import { createApp } from "./app.ts";
import type { App, AppDeps } from "./app-env.ts";

export type TestApp = { app: App; deps: AppDeps; db: TestDb; close: () => Promise<void> };

/** An app on a fresh test database of the dialect, with its own organisation. */
export async function openTestApp(dialect: Dialect, overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const db = await openTestDb(dialect);
  const now = () => new Date();
  const org = await createOrganisation(db.db, "Test maker", now());
  const deps: AppDeps = {
    db: db.db,
    catalog: loadCatalog(),
    now,
    defaultOrgId: org.id,
    maxJsonBytes: 64 * 1024,
    ...overrides,
  };
  return { app: createApp(deps), deps, db, close: () => db.dispose() };
}

/** JSON request helper for `app.request()`. */
export function json(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}
