import {
  createApiToken,
  createOrganisation,
  createSession,
  type InstanceRole,
  type OrgRole,
} from "@jcstar/core";
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
