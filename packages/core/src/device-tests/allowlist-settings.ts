import { isIP } from "node:net";
import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { Db } from "../db/create-db.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { readSettings } from "../settings/instance-settings.ts";

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/;

/** One allowlist entry: an IP address, a CIDR (`192.168.10.0/24`, `fd00::/8`) or a host name. */
export const allowlistEntrySchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .refine(
    (entry) => {
      const [base = "", bits, extra] = entry.split("/");
      if (extra !== undefined) return false;
      const v = isIP(base);
      if (bits !== undefined) {
        const n = Number(bits);
        return v !== 0 && /^\d{1,3}$/.test(bits) && n <= (v === 4 ? 32 : 128);
      }
      return v !== 0 || HOST_NAME.test(entry);
    },
    {
      message: "an IP address, a CIDR (192.168.10.0/24) or a host name",
      params: {
        ja: "IP アドレス・CIDR（例: 192.168.10.0/24）・ホスト名のいずれかを指定してください。",
        en: "Use an IP address, a CIDR (e.g. 192.168.10.0/24) or a host name.",
      },
    },
  );

export const allowlistUpdateSchema = z.object({ allowlist: z.array(allowlistEntrySchema).max(200) }).strict();

export async function readDeviceTestAllowlist(db: Db): Promise<{ allowlist: string[] }> {
  return { allowlist: (await readSettings(db)).deviceTestAllowlist };
}

/** Replaces the device-test allowlist (instance admins); other settings are kept. Audited in the same transaction. */
export async function writeDeviceTestAllowlist(
  db: Db,
  actorId: string | null,
  input: unknown,
  now: Date,
): Promise<{ allowlist: string[] }> {
  const { allowlist } = parseOrThrow(allowlistUpdateSchema, input);
  await inTransaction(db, async (trx) => {
    const value = JSON.stringify({ ...(await readSettings(trx)), deviceTestAllowlist: allowlist });
    const at = now.toISOString();
    await trx
      .insertInto("instance_settings")
      .values({ key: "settings", value, updated_at: at })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: at }))
      .execute();
    await appendAudit(
      trx,
      {
        orgId: null,
        actor: actorId,
        action: "settings.device_test_allowlist",
        entityType: "instance_settings",
        entityId: "deviceTestAllowlist",
        data: { allowlist },
      },
      now,
    );
  });
  return readDeviceTestAllowlist(db);
}
