import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken } from "./one-time-tokens.ts";
import { ORG_ROLES, type OrgRole } from "./roles.ts";
import { createUser, emailSchema, passwordSchema, setMembership, toUser, type User } from "./users.ts";

export type Member = { userId: string; email: string; name: string; role: OrgRole; totpEnabled: boolean };

export async function listMembers(db: Db, orgId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.email", "users.name", "users.totp_enabled", "memberships.role"])
    .where("memberships.org_id", "=", orgId)
    .orderBy("users.email")
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    name: r.name,
    role: r.role as OrgRole,
    totpEnabled: r.totp_enabled === 1,
  }));
}

async function assertNotLastOwner(db: Db, orgId: string, userId: string): Promise<void> {
  const owners = await db
    .selectFrom("memberships")
    .select("user_id")
    .where("org_id", "=", orgId)
    .where("role", "=", "owner")
    .execute();
  if (owners.length === 1 && owners[0]?.user_id === userId) {
    throw new AppError("IN_USE", {
      entity: "Owner",
      id: userId,
      reason: "the organisation needs at least one owner",
    });
  }
}

export const roleSchema = z.object({ role: z.enum(ORG_ROLES) }).strict();

export async function changeMemberRole(db: Db, orgId: string, userId: string, input: unknown): Promise<void> {
  const { role } = parseOrThrow(roleSchema, input);
  await db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom("memberships")
      .select("role")
      .where("org_id", "=", orgId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (!member) throw new AppError("NOT_FOUND", { entity: "Member", id: userId });
    if (member.role === "owner" && role !== "owner") await assertNotLastOwner(trx, orgId, userId);
    await trx
      .updateTable("memberships")
      .set({ role })
      .where("org_id", "=", orgId)
      .where("user_id", "=", userId)
      .execute();
  });
}

export async function removeMember(db: Db, orgId: string, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assertNotLastOwner(trx, orgId, userId);
    const result = await trx
      .deleteFrom("memberships")
      .where("org_id", "=", orgId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0)
      throw new AppError("NOT_FOUND", { entity: "Member", id: userId });
  });
}

export const invitationSchema = z.object({ email: emailSchema, role: z.enum(ORG_ROLES) }).strict();
export const INVITATION_VALID_HOURS = 72;

/** An invitation link token for an e-mail address and role (valid 72 hours, single use). */
export async function inviteMember(db: Db, orgId: string, createdBy: string, input: unknown, now: Date) {
  const data = parseOrThrow(invitationSchema, input);
  return {
    ...(await issueOneTimeToken(
      db,
      "invitation",
      { orgId, email: data.email, role: data.role, createdBy },
      INVITATION_VALID_HOURS,
      now,
    )),
    email: data.email,
    role: data.role,
  };
}

export async function describeInvitation(db: Db, token: string, now: Date) {
  const row = await peekOneTimeToken(db, "invitation", token, now);
  const org = await db
    .selectFrom("organisations")
    .select("name")
    .where("id", "=", row.org_id ?? "")
    .executeTakeFirst();
  return {
    email: row.email ?? "",
    role: row.role as OrgRole,
    orgName: org?.name ?? "",
    expiresAt: row.expires_at,
  };
}

export const acceptSchema = z
  .object({
    token: z.string().min(1).max(200),
    name: z.string().trim().min(1).max(200).optional(),
    password: passwordSchema.optional(),
  })
  .strict();

/**
 * Accepts an invitation: a new account is created with the given name and password; a person who already
 * has an account (a proxy for several makers) must be signed in as the invited address and only gains the membership.
 */
export async function acceptInvitation(
  db: Db,
  input: unknown,
  signedIn: User | null,
  now: Date,
): Promise<User> {
  const data = parseOrThrow(acceptSchema, input);
  return db.transaction().execute(async (trx) => {
    const row = await peekOneTimeToken(trx, "invitation", data.token, now);
    const email = row.email ?? "";
    const existing = await trx.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
    let user: User;
    if (existing) {
      if (!signedIn || signedIn.id !== existing.id) throw new AppError("UNAUTHENTICATED");
      user = toUser(existing);
    } else {
      if (!data.name || !data.password) {
        throw new AppError("VALIDATION_FAILED", {}, [
          { path: data.name ? "password" : "name", message: { ja: "必須項目です。", en: "Required." } },
        ]);
      }
      user = await createUser(trx, { email, name: data.name, password: data.password }, now);
    }
    await consumeOneTimeToken(trx, row.id, now);
    await setMembership(trx, row.org_id ?? "", user.id, row.role as OrgRole, now);
    return user;
  });
}

/** Recent lockouts of the organisation's members, newest first (shown to owners). */
export async function listLockouts(db: Db, orgId: string, limit = 100) {
  const rows = await db
    .selectFrom("lockout_events")
    .innerJoin("memberships", "memberships.user_id", "lockout_events.user_id")
    .innerJoin("users", "users.id", "lockout_events.user_id")
    .select([
      "lockout_events.id",
      "users.email",
      "lockout_events.at",
      "lockout_events.until",
      "lockout_events.failures",
      "lockout_events.ip",
    ])
    .where("memberships.org_id", "=", orgId)
    .orderBy("lockout_events.at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    at: r.at,
    until: r.until,
    failures: r.failures,
    ip: r.ip,
  }));
}
