import { randomBytes } from "node:crypto";
import { networkInterfaces } from "node:os";
import {
  buildPlatformEndpoints,
  createApiToken,
  createOrganisation,
  createSession,
  createUser,
  DEFAULT_AUTH_POLICY,
  type Dialect,
  type InstanceRole,
  keyIdOf,
  loadCatalog,
  loadSigner,
  type OrgRole,
} from "@jcstar/core";
import { openTestDb, type TestDb } from "@jcstar/core/db/test-databases";
import { tempDir } from "@jcstar/testkit";
import { createApp } from "./app.ts";
import type { App, AppDeps } from "./app-env.ts";

export type TestUser = { id: string; email: string; password: string; headers: Record<string, string> };

export type TestApp = {
  app: App;
  deps: AppDeps;
  db: TestDb;
  orgId: string;
  /** A new user with an organisation role (in `orgId` unless told) and an API token in `headers`. */
  user: (
    role: OrgRole | null,
    options?: { instanceRole?: InstanceRole; orgId?: string },
  ) => Promise<TestUser>;
  /** Browser-style headers (session cookie + CSRF token) for a user, without going through sign-in. */
  session: (userId: string) => Promise<{ cookie: string; "x-csrf-token": string }>;
  close: () => Promise<void>;
};

export const TEST_PASSWORD_PREFIX = "Correct horse battery ";

/** An app on a fresh test database of the dialect, with one organisation. */
export async function openTestApp(dialect: Dialect, overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const db = await openTestDb(dialect);
  const now = () => new Date();
  const org = await createOrganisation(db.db, "Test maker", now());
  const key = randomBytes(32);
  const dataDir = tempDir("jcstar-data-");
  const instanceKey = { key, keyId: keyIdOf(key), source: "env" as const };
  const deps: AppDeps = {
    db: db.db,
    catalog: loadCatalog(),
    now,
    instanceKey,
    authPolicy: DEFAULT_AUTH_POLICY,
    maxJsonBytes: 64 * 1024,
    proxyTrust: { mode: "none" },
    webDir: null,
    dataDir: dataDir.path,
    blobs: { root: dataDir.path },
    maxUploadBytes: 10 * 1024 * 1024,
    signer: await loadSigner(db.db, instanceKey, dataDir.path, now()),
    // No socket: app.request() tests have no port of their own; the database is the test database.
    platform: buildPlatformEndpoints({
      listen: [],
      databaseUrl: dialect === "postgres" ? process.env.TEST_DATABASE_URL : undefined,
      interfaces: networkInterfaces(),
    }),
    // As JCSTAR_PUBLIC_URL: the origin app.request() uses by default. Override with undefined for an instance without one.
    publicUrl: "http://localhost",
    ...overrides,
  };
  let n = 0;
  const user: TestApp["user"] = async (role, options = {}) => {
    n += 1;
    const email = `user${n}-${randomBytes(3).toString("hex")}@example.jp`;
    const password = `${TEST_PASSWORD_PREFIX}${randomBytes(4).toString("hex")}`;
    const created = await createUser(
      db.db,
      {
        email,
        name: `User ${n}`,
        password,
        instanceRole: options.instanceRole ?? "none",
        ...(role ? { orgId: options.orgId ?? org.id, role } : {}),
      },
      now(),
    );
    if (options.instanceRole === "admin" || options.instanceRole === "operator") {
      await db.db.updateTable("users").set({ totp_enabled: 1 }).where("id", "=", created.id).execute();
    }
    const token = await createApiToken(db.db, created.id, { name: "test", scope: "write" }, now());
    return { id: created.id, email, password, headers: { authorization: `Bearer ${token.token}` } };
  };
  const session: TestApp["session"] = async (userId) => {
    const s = await createSession(db.db, deps.authPolicy, userId, { ip: null, userAgent: null }, now());
    return { cookie: `jcstar_session=${s.cookie}`, "x-csrf-token": s.session.csrfToken };
  };
  return {
    app: createApp(deps),
    deps,
    db,
    orgId: org.id,
    user,
    session,
    close: async () => {
      await db.dispose();
      dataDir.cleanup();
    },
  };
}

/** JSON request helper for `app.request()`. */
export function json(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}
