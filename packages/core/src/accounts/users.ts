import type { Selectable } from "kysely";
import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { UserTable } from "./accounts.table.ts";
import { hashPassword, passwordProblem } from "./password.ts";
import { PASSWORD_RESET_JOB } from "./reset-job.ts";
import { INSTANCE_ROLES, type InstanceRole, ORG_ROLES, type OrgRole } from "./roles.ts";

export type User = {
  id: string;
  email: string;
  name: string;
  instanceRole: InstanceRole;
  totpEnabled: boolean;
  createdAt: string;
};
export type Membership = { orgId: string; orgName: string; role: OrgRole };

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "e-mail address");
export const passwordSchema = z.string().min(1).max(256);

export const userCreateSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1).max(200),
    password: passwordSchema,
    instanceRole: z.enum(INSTANCE_ROLES).default("none"),
    orgId: z.string().min(1).max(64).optional(),
    role: z.enum(ORG_ROLES).optional(),
  })
  .strict();

export function toUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    instanceRole: row.instance_role as InstanceRole,
    totpEnabled: row.totp_enabled === 1,
    createdAt: row.created_at,
  };
}

/** WEAK_PASSWORD with the reason on the `password` field, or nothing. */
export function assertGoodPassword(password: string, email?: string, path = "password"): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new AppError("WEAK_PASSWORD", {}, [{ path, message: problem }]);
}

/** Creates a user (and a membership when `orgId`+`role` are given) in one transaction. */
export async function createUser(db: Db, input: unknown, now: Date): Promise<User> {
  const data = parseOrThrow(userCreateSchema, input);
  assertGoodPassword(data.password, data.email);
  const row = {
    id: newId("usr"),
    email: data.email,
    name: data.name,
    password_hash: await hashPassword(data.password),
    instance_role: data.instanceRole,
    totp_secret: null,
    totp_enabled: 0,
    totp_last_step: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  try {
    await inTransaction(db, async (trx) => {
      await trx.insertInto("users").values(row).execute();
      if (data.orgId && data.role) {
        const org = await trx
          .selectFrom("organisations")
          .select("id")
          .where("id", "=", data.orgId)
          .executeTakeFirst();
        if (!org) throw new AppError("NOT_FOUND", { entity: "Organisation", id: data.orgId });
        await trx
          .insertInto("memberships")
          .values({ org_id: data.orgId, user_id: row.id, role: data.role, created_at: row.created_at })
          .execute();
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("ALREADY_EXISTS", { entity: "User", key: data.email });
    throw error;
  }
  return toUser(row);
}

export async function getUser(db: Db, id: string): Promise<User> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", { entity: "User", id });
  return toUser(row);
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await db.selectFrom("users").selectAll().orderBy("email").execute()).map(toUser);
}

/** Every user with the organisations they belong to (administrators' user list). */
export async function listUsersWithMemberships(db: Db): Promise<(User & { memberships: Membership[] })[]> {
  const users = await listUsers(db);
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.org_id")
    .select(["memberships.user_id", "memberships.org_id", "organisations.name", "memberships.role"])
    .orderBy("organisations.name")
    .orderBy("memberships.org_id")
    .execute();
  const byUser = new Map<string, Membership[]>();
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({ orgId: r.org_id, orgName: r.name, role: r.role as OrgRole });
    byUser.set(r.user_id, list);
  }
  return users.map((u) => ({ ...u, memberships: byUser.get(u.id) ?? [] }));
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The organisations a user belongs to, by name. */
export async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.org_id")
    .select(["memberships.org_id", "organisations.name", "memberships.role"])
    .where("memberships.user_id", "=", userId)
    .orderBy("organisations.name")
    .orderBy("memberships.org_id")
    .execute();
  return rows.map((r) => ({ orgId: r.org_id, orgName: r.name, role: r.role as OrgRole }));
}

export async function setMembership(
  db: Db,
  orgId: string,
  userId: string,
  role: OrgRole,
  now: Date,
): Promise<void> {
  await db
    .insertInto("memberships")
    .values({ org_id: orgId, user_id: userId, role, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["org_id", "user_id"]).doUpdateSet({ role }))
    .execute();
}

/**
 * Sets a new password (a change or a completed reset): every session and API token of the user is
 * revoked in the same transaction, and the account's lockout ends.
 */
export async function setPassword(
  db: Db,
  userId: string,
  password: string,
  now: Date,
  field = "password",
): Promise<void> {
  const user = await getUser(db, userId);
  assertGoodPassword(password, user.email, field);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: await hashPassword(password), updated_at: now.toISOString() })
      .where("id", "=", userId)
      .execute();
    // A new password ends every session, every API token and the lockout of the account.
    await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await trx
      .updateTable("api_tokens")
      .set({ revoked_at: now.toISOString() })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .execute();
    await trx.deleteFrom("login_counters").where("key", "=", `acct:${user.email}`).execute();
  });
}

/**
 * Erases a person (★1 S1.1-15 for ourselves): their account, name, e-mail, password, second factor,
 * sessions, tokens, memberships, lockout records and reset requests still queued for their address. Rows they
 * created keep only the opaque user id.
 */
export async function eraseUser(db: Db, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!user) throw new AppError("NOT_FOUND", { entity: "User", id: userId });
    await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await trx.deleteFrom("api_tokens").where("user_id", "=", userId).execute();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
    await trx.deleteFrom("memberships").where("user_id", "=", userId).execute();
    await trx.deleteFrom("one_time_tokens").where("user_id", "=", userId).execute();
    await trx.deleteFrom("one_time_tokens").where("email", "=", user.email).execute();
    await trx.deleteFrom("login_counters").where("key", "=", `acct:${user.email}`).execute();
    await trx.deleteFrom("lockout_events").where("user_id", "=", userId).execute();
    await trx.deleteFrom("calendar_tokens").where("user_id", "=", userId).execute();
    await deleteQueuedResetMail(trx, user.email);
    await trx
      .updateTable("application_events")
      .set({ actor_name: "—" })
      .where("actor_id", "=", userId)
      .execute();
    await trx.deleteFrom("users").where("id", "=", userId).execute();
  });
}

/** Reset-mail jobs not yet run for an address (a finished job already forgot it): they hold the address. */
async function deleteQueuedResetMail(db: Db, email: string): Promise<void> {
  const jobs = await db
    .selectFrom("jobs")
    .select(["id", "payload"])
    .where("kind", "=", PASSWORD_RESET_JOB)
    .where("status", "in", ["queued", "running", "failed"])
    .execute();
  const ids = jobs.filter((j) => parseJobEmail(j.payload) === email).map((j) => j.id);
  if (ids.length > 0) await db.deleteFrom("jobs").where("id", "in", ids).execute();
}

function parseJobEmail(payload: string): string | null {
  try {
    const email = (JSON.parse(payload) as { email?: unknown }).email;
    return typeof email === "string" ? email : null;
  } catch {
    return null;
  }
}
