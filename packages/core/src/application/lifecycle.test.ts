import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import feesData from "./fees.json" with { type: "json" };
import { extensionFeeFor, FEE_TABLE, feeTableSchema } from "./fees.ts";
import lifecycleData from "./lifecycle.json" with { type: "json" };
import {
  checkExtendedExpiry,
  checkExtensionAllowed,
  checkIssuedExpiry,
  defaultExpiryOn,
  extendedExpiryOn,
  graceEndsOn,
  graceFor,
  IPA_LABEL_STATUSES,
  LIFECYCLE,
  type Lifecycle,
  labelStatusOf,
  lifecycleSchema,
} from "./lifecycle.ts";

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return "OK";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** The shipped data with a grace period of `days` (as if IPA published one). */
function withGrace(days: number): Lifecycle {
  return {
    ...LIFECYCLE,
    grace: [
      { ...LIFECYCLE.grace[0], from: null, until: null, days, sources: LIFECYCLE.grace[0]?.sources ?? [] },
    ],
  };
}

describe("IPA's label lifecycle (lifecycle.json, pure rules)", () => {
  it("lists IPA's four statuses with their Japanese names, from a secondary source", () => {
    expect(LIFECYCLE.statuses.map((s) => [s.code, s.label.ja])).toEqual([
      ["valid", "有効"],
      ["grace", "失効猶予"],
      ["expired", "失効"],
      ["revoked", "取消し"],
    ]);
    expect(LIFECYCLE.statuses.map((s) => s.code)).toEqual([...IPA_LABEL_STATUSES]);
    expect(LIFECYCLE.statusSources.map((s) => s.confidence)).toEqual(["secondary"]);
  });

  it("marks the grace length unverified, 0 days by default; the 2-year maximum is official", () => {
    const grace = graceFor("2028-01-01");
    expect(grace.days).toBe(0);
    expect(grace.sources.every((s) => s.confidence === "unverified")).toBe(true);
    expect(
      LIFECYCLE.validity.sources.some((s) => s.confidence === "official" && s.url?.includes("ipa.go.jp")),
    ).toBe(true);
    expect(LIFECYCLE.extension.sources.every((s) => s.confidence !== "official")).toBe(true);
  });

  it("refuses a lifecycle file without sources, with an unknown confidence or a local path", () => {
    const noSources = structuredClone(lifecycleData);
    noSources.grace[0] = { ...noSources.grace[0], sources: [] } as never;
    expect(lifecycleSchema.safeParse(noSources).success).toBe(false);
    const badConfidence = structuredClone(lifecycleData);
    (badConfidence.statusSources[0] as { confidence: string }).confidence = "probably";
    expect(lifecycleSchema.safeParse(badConfidence).success).toBe(false);
    const localPath = structuredClone(lifecycleData);
    (localPath.validity.sources[0] as { url: string }).url = "/work/shared/reference/jc-star-2026.md";
    expect(lifecycleSchema.safeParse(localPath).success).toBe(false);
    expect(lifecycleSchema.safeParse(lifecycleData).success).toBe(true);
  });

  it("status: 有効 through the recorded expiry day, 失効 the day after when grace is 0", () => {
    const app = { state: "label_issued" as const, labelExpiresOn: "2028-11-30" };
    expect(labelStatusOf(app, "2028-11-30")).toBe("valid");
    expect(labelStatusOf(app, "2028-12-01")).toBe("expired");
    expect(labelStatusOf({ ...app, state: "extension_requested" }, "2028-11-01")).toBe("valid");
    expect(labelStatusOf({ ...app, state: "revoked" }, "2027-01-01")).toBe("revoked");
    expect(labelStatusOf({ ...app, state: "expired" }, "2028-12-02")).toBe("expired");
    expect(labelStatusOf({ state: "fee_paid", labelExpiresOn: null }, "2028-01-01")).toBeNull();
  });

  it("status: 失効猶予 during a grace period, 失効 after it", () => {
    const lc = withGrace(30);
    const app = { state: "label_issued" as const, labelExpiresOn: "2028-11-30" };
    expect(graceEndsOn("2028-11-30", lc)).toBe("2028-12-30");
    expect(labelStatusOf(app, "2028-12-01", lc)).toBe("grace");
    expect(labelStatusOf(app, "2028-12-30", lc)).toBe("grace");
    expect(labelStatusOf(app, "2028-12-31", lc)).toBe("expired");
  });

  it("expiry at issue is the date IPA states: not before issuance, at most 2 years after (29 Feb too)", () => {
    expect(defaultExpiryOn("2026-12-03")).toBe("2028-12-03");
    expect(codeOf(() => checkIssuedExpiry("2026-12-03", "2028-12-03"))).toBe("OK");
    expect(codeOf(() => checkIssuedExpiry("2026-12-03", "2028-06-30"))).toBe("OK");
    expect(codeOf(() => checkIssuedExpiry("2026-12-03", "2028-12-04"))).toBe("VALIDATION_FAILED");
    expect(codeOf(() => checkIssuedExpiry("2026-12-03", "2026-12-02"))).toBe("VALIDATION_FAILED");
    expect(defaultExpiryOn("2028-02-29")).toBe("2030-02-28");
  });

  it("an extension adds at most one 2-year unit to the current expiry", () => {
    expect(extendedExpiryOn("2028-11-30")).toBe("2030-11-30");
    expect(codeOf(() => checkExtendedExpiry("2028-11-30", "2030-11-30"))).toBe("OK");
    expect(codeOf(() => checkExtendedExpiry("2028-11-30", "2030-12-01"))).toBe("VALIDATION_FAILED");
    expect(codeOf(() => checkExtendedExpiry("2028-11-30", "2028-11-30"))).toBe("VALIDATION_FAILED");
  });

  it("extension only of a ★1 label that is 有効 or 失効猶予 (EXTENSION_NOT_ALLOWED otherwise)", () => {
    const app = { state: "label_issued" as const, labelExpiresOn: "2028-11-30", starLevel: 1 };
    expect(codeOf(() => checkExtensionAllowed(app, "2028-11-30"))).toBe("OK");
    expect(codeOf(() => checkExtensionAllowed(app, "2028-12-01"))).toBe("EXTENSION_NOT_ALLOWED");
    expect(codeOf(() => checkExtensionAllowed(app, "2028-12-15", withGrace(30)))).toBe("OK");
    expect(codeOf(() => checkExtensionAllowed({ ...app, state: "revoked" }, "2027-01-01"))).toBe(
      "EXTENSION_NOT_ALLOWED",
    );
    expect(codeOf(() => checkExtensionAllowed({ ...app, state: "expired" }, "2027-01-01"))).toBe(
      "EXTENSION_NOT_ALLOWED",
    );
    expect(codeOf(() => checkExtensionAllowed({ ...app, starLevel: 2 }, "2027-01-01"))).toBe(
      "EXTENSION_NOT_ALLOWED",
    );
    expect(
      codeOf(() => checkExtensionAllowed({ ...app, state: "fee_paid", labelExpiresOn: null }, "2027-01-01")),
    ).toBe("EXTENSION_NOT_ALLOWED");
  });

  it("the extension fee is dated data: amount null, explicitly to be confirmed, with a source", () => {
    const fee = extensionFeeFor({ on: "2028-11-01" });
    expect(fee).toMatchObject({ level: 1, amount: null, toBeConfirmed: true });
    expect(fee?.sources.length).toBeGreaterThan(0);
    expect(extensionFeeFor({ level: 3, on: "2028-11-01" })).toBeNull();
    // A null amount that is not flagged "to be confirmed" (or a number that is) is refused at load.
    const bad = structuredClone(feesData);
    (bad.extensions[0] as { toBeConfirmed: boolean }).toBeConfirmed = false;
    expect(feeTableSchema.safeParse(bad).success).toBe(false);
    const noSource = structuredClone(feesData);
    (noSource.extensions[0] as { sources: unknown[] }).sources = [];
    expect(feeTableSchema.safeParse(noSource).success).toBe(false);
    expect(FEE_TABLE.extensions).toHaveLength(1);
  });
});
