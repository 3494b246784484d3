import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";

/**
 * Registry roles are separated: an operator who is a member of an organisation (any role) never reviews, issues
 * or revokes anything of that organisation — its applications, attachments and labels. Every operator action on
 * an organisation's application or label calls this first. The system (`id` null) and labels without an
 * organisation on this instance (`orgId` null) have no membership to conflict with.
 */
export async function assertNotOwnOrg(
  deps: { db: Db },
  actor: { id: string | null },
  orgId: string | null,
): Promise<void> {
  if (!actor.id || !orgId) return;
  const member = await deps.db
    .selectFrom("memberships")
    .select("user_id")
    .where("user_id", "=", actor.id)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  if (member) throw new AppError("OPERATOR_CONFLICT_OF_INTEREST");
}
