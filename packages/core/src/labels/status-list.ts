import type { LabelDeps } from "./issue-label.ts";
import { activeLabelKey } from "./label-keys.ts";
import { type RevokedEntry, signStatusList } from "./label-token.ts";
import { registryPublicUrl } from "./registry-settings.ts";

/** Every revoked label, oldest revocation first. */
export async function revokedLabels(deps: Pick<LabelDeps, "db">): Promise<RevokedEntry[]> {
  const rows = await deps.db
    .selectFrom("labels")
    .select(["registration_number", "revoked_at", "revocation_reason"])
    .where("status", "=", "revoked")
    .orderBy("revoked_at")
    .orderBy("registration_number")
    .execute();
  return rows.map((r) => ({
    registrationNumber: r.registration_number,
    revokedAt: r.revoked_at ?? "",
    reason: r.revocation_reason,
  }));
}

/**
 * The signed status list (a JWS listing revoked registration numbers with the time of revocation),
 * signed now with the active key and valid for a day. See docs/registry.md for why not a bit-string list.
 */
export async function currentStatusList(deps: LabelDeps): Promise<string> {
  const issuer = await registryPublicUrl(deps);
  const key = await activeLabelKey(deps);
  return signStatusList(key, issuer, await revokedLabels(deps), deps.now());
}
