import type { OrgRole } from "@jcstar/core";

/**
 * Who may call a route. One matrix for the whole product (docs/accounts.md):
 * - `public`: anyone, signed in or not;
 * - `user`: any signed-in user (their own account);
 * - `session`: a user signed in with a browser session, never an API token (password, second factor);
 * - `org`: a member of the current organisation with at least `role` (owner ⊃ editor ⊃ viewer);
 * - `instance`: an instance `admin` or `operator`.
 */
export type Policy =
  | { kind: "public" }
  | { kind: "user" }
  | { kind: "session" }
  | { kind: "org"; role: OrgRole }
  | { kind: "instance"; role: "admin" | "operator" };

const PUBLIC: Policy = { kind: "public" };
const USER: Policy = { kind: "user" };
const SESSION: Policy = { kind: "session" };
const VIEWER: Policy = { kind: "org", role: "viewer" };
const EDITOR: Policy = { kind: "org", role: "editor" };
const OWNER: Policy = { kind: "org", role: "owner" };
const ADMIN: Policy = { kind: "instance", role: "admin" };
const OPERATOR: Policy = { kind: "instance", role: "operator" };

/**
 * Every route of the app, by `METHOD path` (Hono path syntax). A route missing here is refused
 * (fail closed) and fails the route-matrix test: add a route and its line in the same commit.
 */
export const ROUTE_POLICY: Record<string, Policy> = {
  "GET /api/health": PUBLIC,
  "GET /api/rules": PUBLIC,
  "GET /api/openapi.json": PUBLIC,
  "GET /api/criteria": PUBLIC,
  "GET /api/catalog/versions": PUBLIC,
  "GET /api/catalog/versions/:version/criteria": PUBLIC,

  "GET /api/setup": PUBLIC,
  "POST /api/setup": PUBLIC,
  "POST /api/auth/login": PUBLIC,
  "POST /api/auth/logout": PUBLIC,
  "GET /api/auth/me": USER,
  "POST /api/auth/totp/setup": SESSION,
  "POST /api/auth/totp/enable": SESSION,
  "GET /api/auth/recovery-codes": USER,
  "POST /api/auth/recovery-codes": SESSION, // password + TOTP, like enrolment
  "POST /api/auth/password": SESSION,
  "GET /api/auth/tokens": USER,
  "POST /api/auth/tokens": SESSION, // a token never mints another token
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
  "POST /api/admin/organisations/:orgId/invitations": ADMIN,
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
  "GET /api/audit/public-key": PUBLIC,
  "GET /api/admin/trusted-bundle-keys": ADMIN,
  "POST /api/admin/trusted-bundle-keys": ADMIN,
  "DELETE /api/admin/trusted-bundle-keys/:fingerprint": ADMIN,
  "POST /api/products/:productId/probe-runs": EDITOR,
  "GET /api/products/:productId/device-profiles": VIEWER,
  "POST /api/products/:productId/device-profiles": EDITOR,
  "POST /api/products/:productId/device-profiles/validate": EDITOR,
  "POST /api/device-profiles/import": EDITOR,
  "GET /api/device-tests/executors": VIEWER,
  "PUT /api/device-profiles/:profileId": EDITOR,
  "DELETE /api/device-profiles/:profileId": EDITOR,
  "GET /api/device-secrets": VIEWER,
  "PUT /api/device-secrets/:name": EDITOR,
  "DELETE /api/device-secrets/:name": EDITOR,
  "POST /api/products/:productId/device-runs": EDITOR,
  "GET /api/products/:productId/device-runs": VIEWER,
  "GET /api/device-runs/:runId": VIEWER,
  "GET /api/device-runs/:runId/results": VIEWER,
  "GET /api/admin/device-test-allowlist": ADMIN,
  "PUT /api/admin/device-test-allowlist": ADMIN,
  "GET /api/admin/security-txt": ADMIN,
  "PUT /api/admin/security-txt": ADMIN,
  "GET /.well-known/security.txt": PUBLIC,
  "GET /api/guides": PUBLIC,
  "POST /api/products/:productId/guided-tests": EDITOR,
  "GET /api/products/:productId/assessments": VIEWER,
  "POST /api/products/:productId/assessments": EDITOR,
  "GET /api/assessments/:assessmentId": VIEWER,
  "GET /api/assessments/:assessmentId/readiness": VIEWER,
  "GET /api/products/:productId/next-step": VIEWER,
  "PUT /api/assessments/:assessmentId/results/:criterionId": EDITOR,
  "POST /api/assessments/:assessmentId/results/:criterionId/evidence": EDITOR,
  "DELETE /api/assessments/:assessmentId/results/:criterionId/evidence/:evidenceId": EDITOR,
  "POST /api/assessments/:assessmentId/migrate": EDITOR,
  "GET /api/products/:productId/documents/inputs": VIEWER,
  "PUT /api/products/:productId/documents/inputs": EDITOR,
  "GET /api/products/:productId/documents/:kind/preview": VIEWER,
  "GET /api/products/:productId/documents/:kind/preview.html": VIEWER,
  "POST /api/products/:productId/documents/:kind/versions": EDITOR,
  "GET /api/products/:productId/documents/versions": VIEWER,
  "POST /api/products/:productId/claims/check": VIEWER,
  "GET /api/document-versions/:versionId/file": VIEWER,
  "GET /api/products/:productId/checklist": VIEWER,
  "GET /api/checklist/template-mapping": VIEWER,
  "POST /api/products/:productId/checklist/template": EDITOR,

  "GET /api/application-info": VIEWER,
  "GET /api/applications": VIEWER,
  "POST /api/applications": EDITOR,
  "GET /api/applications/:applicationId": VIEWER,
  "PATCH /api/applications/:applicationId": EDITOR,
  "POST /api/applications/:applicationId/transitions": EDITOR,
  "POST /api/applications/:applicationId/evidence-bundle": EDITOR,
  "GET /api/reminders": VIEWER,
  "POST /api/calendar/token": USER,
  "GET /api/calendar/:token": PUBLIC,

  "GET /api/operator/applications": OPERATOR,
  "GET /api/operator/applications/:applicationId": OPERATOR,
  "POST /api/operator/applications/:applicationId/transitions": OPERATOR,
  "GET /api/operator/applications/:applicationId/attachments/:evidenceId": OPERATOR,

  "GET /api/products/:productId/publication": VIEWER,
  "PUT /api/products/:productId/publication": EDITOR,
  "GET /api/registry/labels": PUBLIC,
  "GET /api/registry/labels/:registrationNumber": PUBLIC,
  "GET /api/registry/labels/:registrationNumber/payload": PUBLIC,
  "GET /api/registry/labels/:registrationNumber/label.svg": PUBLIC,
  "GET /api/registry/labels/:registrationNumber/label.png": PUBLIC,
  "GET /api/registry/status-list": PUBLIC,
  "GET /api/registry/jwks": PUBLIC,
  "GET /api/registry/export": PUBLIC,
  "POST /api/operator/labels": OPERATOR,
  "POST /api/operator/labels/:registrationNumber/revoke": OPERATOR,
  "POST /api/operator/label-keys/rotate": OPERATOR,
  "GET /api/operator/registry-settings": OPERATOR,
  "PUT /api/operator/registry-settings": OPERATOR,
  // Public pages outside /api (server-rendered registry and product security information pages).
  "GET /registry": PUBLIC,
  "GET /registry/:registrationNumber": PUBLIC,
  "GET /p/:slug": PUBLIC,
  "GET /.well-known/jwks.json": PUBLIC,
  "GET /public/registry.css": PUBLIC,
  "GET /public/registry-search.js": PUBLIC,
  "POST /api/releases/:releaseId/sbom": EDITOR,
  "GET /api/releases/:releaseId/sbom": VIEWER,
  "GET /api/releases/:releaseId/components": VIEWER,
  "GET /api/releases/:releaseId/diff": VIEWER,
  "GET /api/vuln/sources": VIEWER,
  "POST /api/vuln/sources/osv": ADMIN,
  "POST /api/vuln/sources/nvd": ADMIN,
  "POST /api/releases/:releaseId/vuln-scans": EDITOR,
  "POST /api/releases/:releaseId/scanner-reports": EDITOR,
  "GET /api/releases/:releaseId/findings": VIEWER,
  "PUT /api/releases/:releaseId/vex": EDITOR,
  "GET /api/releases/:releaseId/vex": VIEWER,
  "DELETE /api/vex/:statementId": EDITOR,
  "GET /api/vuln/policy": VIEWER,
  "PUT /api/vuln/policy": OWNER,

  "GET /api/products/:productId/application-form": VIEWER,
  "PUT /api/products/:productId/application-form": EDITOR,
  "GET /api/products/:productId/application-form/documents/:name": VIEWER,
  "GET /api/products/:productId/signoffs": VIEWER,
  "POST /api/products/:productId/signoffs": OWNER,
  "GET /api/signoffs/:signoffId": VIEWER,
  "GET /api/signoffs/:signoffId/report": VIEWER,
  "GET /api/signoffs/:signoffId/checklist": VIEWER,
  "GET /api/products/:productId/package": VIEWER,
  "POST /api/products/:productId/packages": EDITOR,
  "GET /api/packages/:packageId/download": EDITOR,
};

/** Public routes an API token may not call either: they would turn a token into a browser session. */
export const NO_TOKEN = new Set(["POST /api/setup", "POST /api/auth/login"]);

/** Routes whose body is a public form (login, setup, invitation, reset): they check Origin instead of a CSRF token. */
export const ORIGIN_CHECKED = new Set([
  "POST /api/setup",
  "POST /api/auth/login",
  "POST /api/auth/logout",
  "POST /api/auth/password-reset/request",
  "POST /api/auth/password-reset",
  "POST /api/invitations/accept",
]);
