import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import { canonicalJson, sha256Hex } from "../audit/canonical-json.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { ROUTES, type Route } from "../product/product.schema.ts";
import { getProduct } from "../product/product.ts";
import { loadReadiness } from "../readiness/load-readiness-input.ts";
import { buildAssessmentSnapshot } from "./build-snapshot.ts";
import { notReadyError } from "./not-ready.ts";
import type { SignoffTable } from "./signoff.table.ts";
import type { AssessmentSnapshot } from "./snapshot.ts";

export const signoffCreateSchema = z
  .object({
    signerName: z.string().trim().min(1).max(100),
    signerTitle: z.string().trim().min(1).max(100),
    route: z.enum(ROUTES).optional(),
  })
  .strict();

export type Signoff = {
  id: string;
  productId: string;
  assessmentId: string;
  signerUserId: string | null;
  signerName: string;
  signerTitle: string;
  signedAt: string;
  route: Route;
  snapshotSha256: string;
  supersededBy: string | null;
  supersededAt: string | null;
};

export type SignedSnapshot = Signoff & { snapshot: AssessmentSnapshot };

function toSignoff(row: SignoffTable): Signoff {
  return {
    id: row.id,
    productId: row.product_id,
    assessmentId: row.assessment_id,
    signerUserId: row.signer_user_id,
    signerName: row.signer_name,
    signerTitle: row.signer_title,
    signedAt: row.signed_at,
    route: row.route as Route,
    snapshotSha256: row.snapshot_sha256,
    supersededBy: row.superseded_by,
    supersededAt: row.superseded_at,
  };
}

/** The snapshot without the time it was taken: what "changed since the sign-off" compares. */
export function snapshotContentHash(s: AssessmentSnapshot): string {
  const { takenAt: _t, ...content } = s;
  return sha256Hex(canonicalJson(content));
}

/**
 * An owner signs off the self-assessment of a product: the product must be ready by `loadReadiness()` (NOT_READY
 * with the blockers otherwise); the snapshot is frozen as canonical JSON with its SHA-256, the previous sign-off is superseded,
 * and an audit entry carrying the hash is appended in the same transaction.
 */
export async function signOff(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
): Promise<SignedSnapshot> {
  const data = parseOrThrow(signoffCreateSchema, input);
  const product = await getProduct(deps, ctx, productId);
  if (ctx.actor.id) {
    const member = await deps.db
      .selectFrom("memberships")
      .select("role")
      .where("user_id", "=", ctx.actor.id)
      .where("org_id", "=", ctx.orgId)
      .executeTakeFirst();
    if (member?.role !== "owner") throw new AppError("FORBIDDEN");
  }
  const route = data.route ?? product.defaultRoute;
  const loaded = await loadReadiness(deps, ctx, { productId }, { route });
  if (!loaded.readiness.ready || !loaded.assessment) throw notReadyError(loaded.readiness);
  const assessmentId = loaded.assessment.id;
  const snapshot = await buildAssessmentSnapshot(deps, ctx, productId, { route, loaded });
  const text = canonicalJson(snapshot);
  const hash = sha256Hex(text);
  const id = newId("sgn");
  const now = isoNow(deps);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("signoffs")
      .set({ superseded_by: id, superseded_at: now })
      .where("product_id", "=", productId)
      .where("org_id", "=", ctx.orgId)
      .where("superseded_by", "is", null)
      .execute();
    await trx
      .insertInto("signoffs")
      .values({
        id,
        org_id: ctx.orgId,
        product_id: productId,
        assessment_id: assessmentId,
        signer_user_id: ctx.actor.id,
        signer_name: data.signerName,
        signer_title: data.signerTitle,
        signed_at: now,
        route,
        snapshot: text,
        snapshot_sha256: hash,
        superseded_by: null,
        superseded_at: null,
      })
      .execute();
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "signoff.signed",
        entityType: "signoff",
        entityId: id,
        data: {
          productId,
          assessmentId,
          route,
          signerName: data.signerName,
          signerTitle: data.signerTitle,
          snapshotSha256: hash,
        },
      },
      deps.now(),
    );
  });
  return getSignoff(deps, ctx, id);
}

/** One sign-off with its snapshot; the stored JSON is re-hashed (SNAPSHOT_TAMPERED when it was altered). */
export async function getSignoff(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  id: string,
): Promise<SignedSnapshot> {
  const row = await deps.db
    .selectFrom("signoffs")
    .selectAll()
    .where("id", "=", id)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "サインオフ" : "Sign-off", id });
  if (sha256Hex(row.snapshot) !== row.snapshot_sha256) throw new AppError("SNAPSHOT_TAMPERED", { id });
  return { ...toSignoff(row), snapshot: JSON.parse(row.snapshot) as AssessmentSnapshot };
}

/** Every sign-off of a product, newest first. */
export async function listSignoffs(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
): Promise<Signoff[]> {
  await getProduct(deps, ctx, productId);
  const rows = await deps.db
    .selectFrom("signoffs")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("signed_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(toSignoff);
}

/** The sign-off in force (not superseded), with its snapshot, or null. */
export async function currentSignoff(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
): Promise<SignedSnapshot | null> {
  const current = (await listSignoffs(deps, ctx, productId)).find((s) => s.supersededBy === null);
  return current ? getSignoff(deps, ctx, current.id) : null;
}

export type SignoffStatus = {
  current: Signoff | null;
  history: Signoff[];
  /** True when the assessment now differs from what was signed: sign again to include the changes. */
  changedSinceSignOff: boolean;
};

/** The sign-off in force, the history, and whether the assessment changed since. */
export async function signoffStatus(
  deps: Pick<CoreDeps, "db" | "catalog" | "now">,
  ctx: RequestContext,
  productId: string,
): Promise<SignoffStatus> {
  const history = await listSignoffs(deps, ctx, productId);
  const current = history.find((s) => s.supersededBy === null) ?? null;
  let changed = false;
  if (current) {
    const signed = await getSignoff(deps, ctx, current.id);
    const fresh = await buildAssessmentSnapshot(deps, ctx, productId, { route: current.route });
    changed = snapshotContentHash(fresh) !== snapshotContentHash(signed.snapshot);
  }
  return { current, history, changedSinceSignOff: changed };
}
