import type { Application } from "../application/application.ts";
import { selectApplications, toApplication } from "../application/application.ts";
import { addDays, SCHEDULE } from "../application/schedule.ts";
import type { ApplicationSnapshot } from "../application/snapshot.ts";
import type { CoreDeps } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import type { I18nText } from "../i18n/text.ts";

export const REMINDER_KINDS = ["label_expiry", "support_end", "retention_end", "overdue"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** One dated thing to remember. `id` is stable while the date stays the same (e-mails are sent once per id). */
export type Reminder = {
  id: string;
  orgId: string;
  kind: ReminderKind;
  dueOn: string;
  overdue: boolean;
  productId: string;
  productName: string;
  applicationId: string | null;
  title: I18nText;
};

/** What the pure computation needs. */
export type ReminderInput = {
  applications: readonly (Application & { retentionEndsOn: string | null })[];
  products: readonly { id: string; orgId: string; name: string; supportEndDate: string | null }[];
};

const LIVE_LABEL = ["label_issued", "extension_requested"];

/**
 * The reminders of some applications and products (pure): label expiry (while the label is valid), end of the
 * support period, end of evidence retention (for labelled applications), and steps overdue. Sorted by date.
 */
export function computeReminders(input: ReminderInput, today: string): Reminder[] {
  const out: Reminder[] = [];
  const add = (r: Omit<Reminder, "id" | "overdue">, entity: string) =>
    out.push({ ...r, id: `${r.kind}:${entity}:${r.dueOn}`, overdue: r.dueOn < today });
  for (const a of input.applications) {
    const name = a.registrationNumber ? `${a.productName} (${a.registrationNumber})` : a.productName;
    if (LIVE_LABEL.includes(a.state) && a.labelExpiresOn) {
      add(
        {
          orgId: a.orgId,
          kind: "label_expiry",
          dueOn: a.labelExpiresOn,
          productId: a.productId,
          productName: a.productName,
          applicationId: a.id,
          title: { ja: `${name} のラベル有効期限`, en: `Label of ${name} expires` },
        },
        a.id,
      );
    }
    if (LIVE_LABEL.includes(a.state) && a.retentionEndsOn) {
      add(
        {
          orgId: a.orgId,
          kind: "retention_end",
          dueOn: a.retentionEndsOn,
          productId: a.productId,
          productName: a.productName,
          applicationId: a.id,
          title: { ja: `${name} の証跡の保管期限`, en: `Evidence retention of ${name} ends` },
        },
        a.id,
      );
    }
    if (a.overdueOn) {
      add(
        {
          orgId: a.orgId,
          kind: "overdue",
          dueOn: a.overdueOn,
          productId: a.productId,
          productName: a.productName,
          applicationId: a.id,
          title: {
            ja: `${a.productName} の申請: 次の手続きの予定日`,
            en: `Application for ${a.productName}: next step due`,
          },
        },
        `${a.id}:${a.state}`,
      );
    }
  }
  for (const p of input.products) {
    if (!p.supportEndDate) continue;
    add(
      {
        orgId: p.orgId,
        kind: "support_end",
        dueOn: p.supportEndDate,
        productId: p.id,
        productName: p.name,
        applicationId: null,
        title: { ja: `${p.name} のサポート期間終了`, en: `Support period of ${p.name} ends` },
      },
      p.id,
    );
  }
  return out.sort((x, y) => x.dueOn.localeCompare(y.dueOn) || x.id.localeCompare(y.id));
}

/** True when a reminder should be sent now: within the lead time before its date, or past it. */
export function reminderDue(r: Reminder, today: string, leadDays = SCHEDULE.reminderLeadDays): boolean {
  return addDays(r.dueOn, -leadDays) <= today;
}

/** The earliest retention end among the evidence a labelled application relies on (its frozen checklist). */
async function retentionEnds(
  db: Db,
  rows: { id: string; snapshot: string | null }[],
): Promise<Map<string, string>> {
  const byApp = new Map<string, string[]>();
  for (const r of rows) {
    if (!r.snapshot) continue;
    const s = JSON.parse(r.snapshot) as ApplicationSnapshot;
    byApp.set(r.id, [...new Set(s.results.flatMap((x) => x.evidence.map((e) => e.id)))]);
  }
  const ids = [...new Set([...byApp.values()].flat())];
  if (ids.length === 0) return new Map();
  const evidence = await db
    .selectFrom("evidence")
    .select(["id", "retention_until"])
    .where("id", "in", ids)
    .where("deleted_at", "is", null)
    .execute();
  const until = new Map(evidence.map((e) => [e.id, e.retention_until]));
  const out = new Map<string, string>();
  for (const [app, list] of byApp) {
    const dates = list.map((id) => until.get(id)).filter((d): d is string => !!d);
    if (dates.length) out.set(app, dates.sort()[0]?.slice(0, 10) as string);
  }
  return out;
}

/** The reminders of some organisations (all when `orgIds` is null), from the database. */
export async function remindersOf(
  deps: Pick<CoreDeps, "db" | "now">,
  orgIds: readonly string[] | null,
): Promise<Reminder[]> {
  if (orgIds && orgIds.length === 0) return [];
  const today = deps.now().toISOString().slice(0, 10);
  let apps = selectApplications(deps.db).where("applications.state", "not in", [
    "renewed",
    "revoked",
    "expired",
  ]);
  if (orgIds) apps = apps.where("applications.org_id", "in", [...orgIds]);
  const rows = await apps.execute();
  const retention = await retentionEnds(deps.db, rows);
  let products = deps.db.selectFrom("products").select(["id", "org_id", "name", "support_end_date"]);
  if (orgIds) products = products.where("org_id", "in", [...orgIds]);
  const productRows = await products.where("support_end_date", "is not", null).execute();
  return computeReminders(
    {
      applications: rows.map((r) => ({
        ...toApplication(r, today),
        retentionEndsOn: retention.get(r.id) ?? null,
      })),
      products: productRows.map((p) => ({
        id: p.id,
        orgId: p.org_id,
        name: p.name,
        supportEndDate: p.support_end_date,
      })),
    },
    today,
  );
}
