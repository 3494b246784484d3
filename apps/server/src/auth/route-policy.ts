import type { OrgRole } from "@jcstar/core";

/**
 * Who may call a route. One matrix for the whole product (docs/accounts.md):
 * - `public`: anyone, signed in or not;
 * - `user`: any signed-in user (their own account);
 * - `org`: a member of the current organisation with at least `role` (owner ⊃ editor ⊃ viewer);
 * - `instance`: an instance `admin` or `operator`.
 */
export type Policy =
  | { kind: "public" }
  | { kind: "user" }
  | { kind: "org"; role: OrgRole }
  | { kind: "instance"; role: "admin" | "operator" };

const PUBLIC: Policy = { kind: "public" };
const USER: Policy = { kind: "user" };
const VIEWER: Policy = { kind: "org", role: "viewer" };
const EDITOR: Policy = { kind: "org", role: "editor" };
const OWNER: Policy = { kind: "org", role: "owner" };
const ADMIN: Policy = { kind: "instance", role: "admin" };

/**
 * Every route of the app, by `METHOD path` (Hono path syntax). A route missing here is refused
 * (fail closed) and fails the route-matrix test: add a route and its line in the same commit.
 */
export const ROUTE_POLICY: Record<string, Policy> = {
  "GET /api/health": PUBLIC,
  "GET /api/openapi.json": PUBLIC,
  "GET /api/criteria": PUBLIC,
  "GET /api/catalog/versions": PUBLIC,
  "GET /api/catalog/versions/:version/criteria": PUBLIC,

  "GET /api/setup": PUBLIC,
  "POST /api/setup": PUBLIC,
  "POST /api/auth/login": PUBLIC,
  "POST /api/auth/logout": PUBLIC,
  "GET /api/auth/me": USER,
  "POST /api/auth/totp/setup": USER,
  "POST /api/auth/totp/enable": USER,
  "POST /api/auth/password": USER,
  "GET /api/auth/tokens": USER,
  "POST /api/auth/tokens": USER,
  "DELETE /api/auth/tokens/:tokenId": USER,
  "POST /api/auth/password-reset/request": PUBLIC,
  "POST /api/auth/password-reset": PUBLIC,
  "GET /api/invitations/:token": PUBLIC,
  "POST /api/invitations/accept": PUBLIC,

  "GET /api/org/members": OWNER,
  "PATCH /api/org/members/:userId": OWNER,
  "DELETE /api/org/members/:userId": OWNER,
  "POST /api/org/invitations": OWNER,
  "GET /api/org/lockouts": OWNER,

  "GET /api/admin/users": ADMIN,
  "POST /api/admin/users": ADMIN,
  "DELETE /api/admin/users/:userId": ADMIN,
  "POST /api/admin/users/:userId/reset-link": ADMIN,
  "GET /api/admin/organisations": ADMIN,
  "POST /api/admin/organisations": ADMIN,
  "GET /api/admin/settings": ADMIN,
  "PUT /api/admin/settings": ADMIN,

  "GET /api/products": VIEWER,
  "POST /api/products": EDITOR,
  "GET /api/products/:productId": VIEWER,
  "PATCH /api/products/:productId": EDITOR,
  "DELETE /api/products/:productId": EDITOR,
  "GET /api/products/:productId/model-numbers": VIEWER,
  "POST /api/products/:productId/model-numbers": EDITOR,
  "POST /api/products/:productId/model-numbers/import": EDITOR,
  "DELETE /api/products/:productId/model-numbers/:modelNumberId": EDITOR,
  "GET /api/products/:productId/firmware-images": VIEWER,
  "POST /api/products/:productId/firmware-images": EDITOR,
  "GET /api/products/:productId/releases": VIEWER,
  "POST /api/products/:productId/releases": EDITOR,
  "GET /api/products/:productId/components": VIEWER,
  "POST /api/products/:productId/components": EDITOR,
  "GET /api/evidence": VIEWER,
  "POST /api/evidence": EDITOR,
  "GET /api/evidence/:evidenceId": VIEWER,
  "POST /api/evidence/files": EDITOR,
  "GET /api/evidence/:evidenceId/file": VIEWER,
  "GET /api/evidence/:evidenceId/history": VIEWER,
  "POST /api/evidence/:evidenceId/revisions": EDITOR,
  "POST /api/evidence/:evidenceId/revisions/file": EDITOR,
  "DELETE /api/evidence/:evidenceId": OWNER,
  "POST /api/vault/verify": OWNER,
  "GET /api/products/:productId/evidence-bundle": EDITOR,
  "POST /api/evidence-bundles/import": OWNER,
  "POST /api/products/:productId/probe-runs": EDITOR,
  "GET /api/products/:productId/assessments": VIEWER,
  "POST /api/products/:productId/assessments": EDITOR,
  "GET /api/assessments/:assessmentId": VIEWER,
  "GET /api/assessments/:assessmentId/readiness": VIEWER,
  "PUT /api/assessments/:assessmentId/results/:criterionId": EDITOR,
  "POST /api/assessments/:assessmentId/results/:criterionId/evidence": EDITOR,
  "POST /api/assessments/:assessmentId/migrate": EDITOR,

  "GET /api/products/:productId/application-form": VIEWER,
  "PUT /api/products/:productId/application-form": EDITOR,
  "GET /api/products/:productId/application-form/documents/:name": VIEWER,
  "GET /api/products/:productId/signoffs": VIEWER,
  "POST /api/products/:productId/signoffs": OWNER,
  "GET /api/signoffs/:signoffId": VIEWER,
  "GET /api/signoffs/:signoffId/report": VIEWER,
  "GET /api/products/:productId/package": VIEWER,
  "POST /api/products/:productId/packages": EDITOR,
  "GET /api/packages/:packageId/download": EDITOR,
};

/** Routes whose body is a public form (login, setup, invitation, reset): they check Origin instead of a CSRF token. */
export const ORIGIN_CHECKED = new Set([
  "POST /api/setup",
  "POST /api/auth/login",
  "POST /api/auth/logout",
  "POST /api/auth/password-reset/request",
  "POST /api/auth/password-reset",
  "POST /api/invitations/accept",
]);
