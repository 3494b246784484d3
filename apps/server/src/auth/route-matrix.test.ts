import {
  createApiToken,
  createApplication,
  createFirmwareRelease,
  createOrganisation,
  createSession,
  getApplication,
  type InstanceRole,
  issueLabel,
  listSignoffs,
  type OrgRole,
  transitionApplication,
  writeRegistrySettings,
} from "@jcstar/core";
import { makeReadyProduct } from "@jcstar/core/application/ready-product.testing";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../test-app.ts";
import { NO_TOKEN, type Policy, ROUTE_POLICY } from "./route-policy.ts";

/** Public pages outside /api that are in the matrix too (public/pages.ts). */
const PUBLIC_PAGE_ROUTE = /^\/(registry|p\/|\.well-known\/|public\/)/;

type Role = "anonymous" | OrgRole | "operator" | "admin" | "other-org";
const ROLES: Role[] = ["anonymous", "viewer", "editor", "owner", "operator", "admin", "other-org"];

/** What the matrix in docs/accounts.md says a role may do under a policy. */
function allowed(policy: Policy, role: Role): boolean {
  switch (policy.kind) {
    case "public":
      return true;
    case "user":
    case "session":
      return role !== "anonymous";
    case "instance":
      return role === policy.role;
    case "org": {
      const rank: Record<string, number> = { viewer: 0, editor: 1, owner: 2 };
      return role in rank && (rank[role] ?? -1) >= (rank[policy.role] ?? 9);
    }
  }
}

describe("route → role matrix", () => {
  let t: TestApp;
  const users = new Map<Role, string>();
  let otherOrgId: string;

  beforeAll(async () => {
    t = await openTestApp("sqlite");
    otherOrgId = (await createOrganisation(t.db.db, "Other maker", new Date())).id;
    for (const role of ROLES) {
      if (role === "anonymous") continue;
      const orgRole: OrgRole | null =
        role === "viewer" || role === "editor" || role === "owner"
          ? role
          : role === "other-org"
            ? "owner"
            : null;
      const instanceRole: InstanceRole = role === "operator" || role === "admin" ? role : "none";
      const u = await t.user(orgRole, {
        instanceRole,
        ...(role === "other-org" ? { orgId: otherOrgId } : {}),
      });
      users.set(role, u.id);
    }
  });
  afterAll(async () => t?.close());

  const apiRoutes = () => [
    ...new Set(
      t.app.routes
        .filter((r) => r.method !== "ALL" && (r.path.startsWith("/api/") || PUBLIC_PAGE_ROUTE.test(r.path)))
        .map((r) => `${r.method} ${r.path}`),
    ),
  ];

  it("has a policy for every API route and none for a route that does not exist", () => {
    expect(apiRoutes().sort()).toEqual(Object.keys(ROUTE_POLICY).sort());
  });

  it("lets each role through exactly where the matrix allows, and keeps other organisations out", async () => {
    const failures: string[] = [];
    for (const key of apiRoutes()) {
      const [method = "GET", path = ""] = key.split(" ");
      const policy = ROUTE_POLICY[key] as Policy;
      const url = path.replace(/:(\w+)/g, "nonexistent_$1");
      for (const role of ROLES) {
        const headers: Record<string, string> = {
          "content-type": "application/json",
          "x-jcstar-org": t.orgId,
        };
        const userId = users.get(role);
        if (userId) {
          const { cookie, session } = await createSession(
            t.db.db,
            t.deps.authPolicy,
            userId,
            { ip: null, userAgent: null },
            new Date(),
          );
          headers.cookie = `jcstar_session=${cookie}`;
          headers["x-csrf-token"] = session.csrfToken;
        }
        const res = await t.app.request(url, {
          method,
          headers,
          ...(method === "GET" ? {} : { body: "{}" }),
        });
        const denied = res.status === 401 || res.status === 403;
        const expectAllowed = allowed(policy, role);
        if (denied === expectAllowed) {
          failures.push(
            `${key} as ${role}: ${res.status} ${await res.text()}, expected ${expectAllowed ? "allowed" : "denied"}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses an API token with SESSION_REQUIRED on every session-only route, whatever its role", async () => {
    const failures: string[] = [];
    const sessionOnly = Object.entries(ROUTE_POLICY)
      .filter(([key, policy]) => policy.kind === "session" || NO_TOKEN.has(key))
      .map(([key]) => key);
    expect(sessionOnly.length).toBeGreaterThanOrEqual(5);
    for (const role of ["editor", "owner", "admin"] as const) {
      const userId = users.get(role) as string;
      const token = await createApiToken(t.db.db, userId, { name: "matrix", scope: "write" }, new Date());
      for (const key of sessionOnly) {
        const [method = "POST", path = ""] = key.split(" ");
        const res = await t.app.request(path, {
          method,
          headers: {
            "content-type": "application/json",
            "x-jcstar-org": t.orgId,
            authorization: `Bearer ${token.token}`,
          },
          body: "{}",
        });
        const code = ((await res.json()) as { error?: { code: string } }).error?.code;
        if (res.status !== 403 || code !== "SESSION_REQUIRED" || res.headers.get("set-cookie")) {
          failures.push(`${key} as ${role}'s token: ${res.status} ${code}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

/** Path parameters filled with the ids of organisation A's own records (others: an id that exists nowhere). */
type Fixture = Record<string, string>;

/** Every row of organisation A (each table with an org_id), its owner's account and tokens: what nobody else may change. */
async function orgFingerprint(t: TestApp, orgId: string, userId: string): Promise<string> {
  const tables = await t.db.db.introspection.getTables();
  const parts: string[] = [];
  for (const table of tables.sort((a, b) => a.name.localeCompare(b.name))) {
    const columns = table.columns.map((c) => c.name);
    const key = columns.includes("org_id") ? "org_id" : columns.includes("user_id") ? "user_id" : null;
    if (!key || table.name === "sessions") continue;
    const rows = await t.db.db
      .selectFrom(table.name as "products")
      .selectAll()
      .where(key as "org_id", "=", key === "org_id" ? orgId : userId)
      .execute();
    parts.push(
      `${table.name}:${rows
        .map((r) => JSON.stringify(r))
        .sort()
        .join("\n")}`,
    );
  }
  const user = await t.db.db.selectFrom("users").selectAll().where("id", "=", userId).execute();
  parts.push(`users:${JSON.stringify(user)}`);
  return parts.join("\n");
}

/** Organisation A with a product, assessment, evidence, release, sign-off, an application submitted to this
 * instance's registry and a label: the records other callers try to reach. */
async function seedOrgA(t: TestApp, owner: { id: string }): Promise<Fixture> {
  const ctx = { orgId: t.orgId, actor: { id: null, name: "A setup" }, lang: "en" as const };
  await writeRegistrySettings(t.db.db, { enabled: true }, new Date());
  const { product, assessment, doc } = await makeReadyProduct(t.deps, ctx, { name: "A-SECRET-CAM" });
  const release = await createFirmwareRelease(t.deps, ctx, product.id, {
    version: "9.9.9",
    releasedOn: "2026-11-01",
  });
  const app = await createApplication(t.deps, ctx, { productId: product.id, channel: "registry" });
  for (const action of ["mark_ready", "request_number", "submit"]) {
    const { version } = await getApplication(t.deps, ctx, app.id);
    await transitionApplication(t.deps, ctx, app.id, { action, version, attachments: [] });
  }
  const label = await issueLabel(
    t.deps,
    { id: null, name: "registry" },
    { productId: product.id, applicationId: app.id },
  );
  const [signoff] = await listSignoffs(t.deps, ctx, product.id);
  const models = await t.db.db
    .selectFrom("model_numbers")
    .select("id")
    .where("product_id", "=", product.id)
    .execute();
  const token = await t.db.db
    .selectFrom("api_tokens")
    .select("id")
    .where("user_id", "=", owner.id)
    .executeTakeFirst();
  return {
    productId: product.id,
    assessmentId: assessment.id,
    evidenceId: doc.id,
    releaseId: release.id,
    applicationId: app.id,
    signoffId: signoff?.id ?? "nonexistent_signoff",
    modelNumberId: models[0]?.id ?? "nonexistent_model",
    registrationNumber: label.registrationNumber,
    userId: owner.id,
    tokenId: token?.id ?? "nonexistent_token",
    criterionId: "S1.1-01",
    kind: "vdp",
  };
}

/** Plausible bodies for writes on A's records, so that a missing ownership check would act, not fail validation. */
function bodyFor(key: string, fixture: Fixture): unknown {
  if (key.startsWith("PATCH /api/products/")) return { name: "taken over", version: 1 };
  if (key === "PATCH /api/org/members/:userId") return { role: "viewer" };
  if (key.endsWith("/transitions")) return { action: "reopen", version: 4, attachments: [] };
  if (key === "PUT /api/assessments/:assessmentId/results/:criterionId")
    return { state: "not_assessed", version: 2 };
  if (key === "PATCH /api/applications/:applicationId") return { modelNumbers: ["M-1"], version: 4 };
  if (key === "POST /api/operator/labels") return { productId: fixture.productId };
  if (key.endsWith("/revoke")) return { reason: "taken over" };
  return {};
}

const MARKERS = ["A-SECRET-CAM", "SD-1", "9.9.9"];

describe.each(testDialects())("route matrix: foreign organisations and member-operators on %s", (dialect) => {
  let t: TestApp;
  let fixture: Fixture;
  let ownerA: { id: string; email: string };
  let orgB: string;
  let foreign: Record<string, string>;
  let insider: Record<string, string>;
  let before: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    ownerA = await t.user("owner");
    fixture = await seedOrgA(t, ownerA);
    orgB = (await createOrganisation(t.db.db, "Org B", new Date())).id;
    const memberB = await t.user("owner", { orgId: orgB });
    foreign = await t.session(memberB.id);
    // An operator (second factor on) who is also a member of organisation A.
    const op = await t.user("viewer", { instanceRole: "operator" });
    insider = await t.session(op.id);
    before = await orgFingerprint(t, t.orgId, ownerA.id);
  }, 120_000);
  afterAll(async () => t?.close());

  async function call(key: string, headers: Record<string, string>) {
    const [method = "GET", path = ""] = key.split(" ");
    const url = path.replace(/:(\w+)/g, (_, name: string) =>
      encodeURIComponent(fixture[name] ?? `nonexistent_${name}`),
    );
    const res = await t.app.request(url, {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(method === "GET" ? {} : { body: JSON.stringify(bodyFor(key, fixture)) }),
    });
    return { status: res.status, text: await res.text() };
  }

  const routesOf = (kinds: Policy["kind"][]) =>
    Object.entries(ROUTE_POLICY)
      .filter(([, p]) => kinds.includes(p.kind))
      .map(([key]) => key);

  it("a member of org B naming org A (X-Jcstar-Org) is refused on every org-scoped route", async () => {
    const failures: string[] = [];
    for (const key of routesOf(["org"])) {
      const res = await call(key, { ...foreign, "x-jcstar-org": t.orgId });
      if (res.status !== 403 || !res.text.includes("NO_ORGANISATION"))
        failures.push(`${key}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(await orgFingerprint(t, t.orgId, ownerA.id)).toBe(before);
  });

  it("a member of org B in its own org, with org A's ids, sees and changes nothing of A", async () => {
    const failures: string[] = [];
    for (const key of routesOf(["org", "user"])) {
      const res = await call(key, { ...foreign, "x-jcstar-org": orgB });
      const namesAnId = /:(\w+)/.exec(key)?.[1];
      const leaks = MARKERS.filter((m) => res.text.includes(m));
      if (leaks.length > 0) failures.push(`${key}: shows ${leaks.join(", ")} (${res.status})`);
      // A's id in the path: a success would mean B reached A's record.
      if (namesAnId && fixture[namesAnId] && res.status < 300 && !["criterionId", "kind"].includes(namesAnId))
        failures.push(`${key}: ${res.status} on A's ${namesAnId}`);
    }
    expect(failures).toEqual([]);
    expect(await orgFingerprint(t, t.orgId, ownerA.id)).toBe(before);
  });

  it("an operator who is a member of org A is refused every operator action on A's application and label", async () => {
    const keys = routesOf(["instance"]).filter((k) => k.includes(":applicationId") || k.includes("/labels"));
    expect(keys).toHaveLength(5);
    const failures: string[] = [];
    for (const key of keys) {
      const res = await call(key, insider);
      if (res.status !== 403 || !res.text.includes("OPERATOR_CONFLICT_OF_INTEREST"))
        failures.push(`${key}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // Not even in the insider's queue; the label is still valid and nothing of A changed.
    const queue = await call("GET /api/operator/applications", insider);
    expect(queue.status).toBe(200);
    expect(queue.text).not.toContain(fixture.applicationId);
    const label = await call("GET /api/registry/labels/:registrationNumber", {});
    expect(JSON.parse(label.text)).toMatchObject({ status: "valid" });
    expect(await orgFingerprint(t, t.orgId, ownerA.id)).toBe(before);
  });
});
