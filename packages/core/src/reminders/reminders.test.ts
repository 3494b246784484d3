import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import type { Application } from "../application/application.ts";
import { foldLine, remindersToICalendar } from "./ical.ts";
import { computeReminders, reminderDue } from "./reminders.ts";

const TODAY = "2026-11-26";

function app(more: Partial<Application> & { retentionEndsOn?: string | null }) {
  return {
    id: "apl_1",
    orgId: "org_1",
    productId: "prd_1",
    productName: "見守りカメラ CAM-200",
    state: "label_issued",
    registrationNumber: "JC1-000123",
    labelExpiresOn: "2028-11-19",
    overdueOn: null,
    retentionEndsOn: "2031-01-01",
    ...more,
  } as Application & { retentionEndsOn: string | null };
}

describe("reminders (pure)", () => {
  it("lists label expiry, retention end, support end and overdue steps, by date", () => {
    const list = computeReminders(
      {
        applications: [
          app({}),
          app({
            id: "apl_2",
            state: "submitted",
            labelExpiresOn: null,
            overdueOn: "2026-11-20",
            registrationNumber: null,
          }),
        ],
        products: [{ id: "prd_1", orgId: "org_1", name: "CAM-200", supportEndDate: "2030-03-31" }],
      },
      TODAY,
    );
    expect(list.map((r) => [r.kind, r.dueOn, r.overdue])).toEqual([
      ["overdue", "2026-11-20", true],
      ["label_expiry", "2028-11-19", false],
      ["support_end", "2030-03-31", false],
      ["retention_end", "2031-01-01", false],
    ]);
    expect(new Set(list.map((r) => r.id)).size).toBe(4);
    // No label reminders for a label that is no longer live.
    expect(computeReminders({ applications: [app({ state: "revoked" })], products: [] }, TODAY)).toEqual([]);
  });

  it("is due within the lead time or when past", () => {
    const [r] = computeReminders(
      { applications: [app({ labelExpiresOn: "2027-01-10" })], products: [] },
      TODAY,
    );
    expect(r && reminderDue(r, TODAY, 60)).toBe(true);
    expect(r && reminderDue(r, TODAY, 30)).toBe(false);
  });
});

describe("iCalendar feed", () => {
  const list = computeReminders(
    {
      applications: [app({ productName: "見守りカメラ; 屋外用, 長い名前".repeat(4) })],
      products: [{ id: "prd_1", orgId: "org_1", name: "CAM-200", supportEndDate: "2030-03-31" }],
    },
    TODAY,
  );
  const ics = remindersToICalendar(list, {
    now: new Date("2026-11-26T08:00:00Z"),
    lang: "ja",
    host: "jcstar.example.jp",
    baseUrl: "https://jcstar.example.jp",
  });

  it("is valid RFC 5545: CRLF lines of at most 75 octets, parsed back by ical.js with the same events", () => {
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const cal = new ICAL.Component(ICAL.parse(ics));
    expect(cal.getFirstPropertyValue("version")).toBe("2.0");
    expect(cal.getFirstPropertyValue("prodid")).toBeTruthy();
    const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(3);
    const expiry = events.find((e) => e.uid.startsWith("label_expiry:"));
    expect(expiry?.summary).toBe(list.find((r) => r.kind === "label_expiry")?.title.ja);
    expect(expiry?.startDate.toString()).toBe("2028-11-19");
    expect(expiry?.startDate.isDate).toBe(true);
    expect(expiry?.endDate.toString()).toBe("2028-11-20");
    for (const v of cal.getAllSubcomponents("vevent"))
      expect(v.getFirstPropertyValue("dtstamp")).toBeTruthy();
  });

  it("folds long lines without splitting a character", () => {
    const folded = foldLine(`SUMMARY:${"あ".repeat(60)}`);
    for (const part of folded.split("\r\n")) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(`SUMMARY:${"あ".repeat(60)}`);
  });
});
