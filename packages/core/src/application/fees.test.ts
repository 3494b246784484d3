import { describe, expect, it } from "vitest";
import { SHARED_SOURCES } from "../scheme/shared-sources.ts";
import { SchemeDataError } from "../scheme/source-registry.ts";
import { FEE_TABLE, feeFor, parseFeeTable } from "./fees.ts";
import { addYears, expectedAcceptanceOn, labelExpiresOn, overdueOn } from "./schedule.ts";

describe("fees as dated data", () => {
  const fee = (route: "standard" | "psti", submittedOn: string | null, today = "2026-11-26") =>
    feeFor({ route, submittedOn, today });

  it("follows the submission date on the standard route (early rate up to 2025-09-30 inclusive)", () => {
    expect(fee("standard", "2025-03-25")?.amount).toBe(110000);
    expect(fee("standard", "2025-09-30")?.amount).toBe(110000);
    expect(fee("standard", "2025-10-01")?.amount).toBe(198000);
    expect(fee("standard", "2026-11-26")?.amount).toBe(198000);
  });

  it("charges ¥140,000 on the UK PSTI route, tax included", () => {
    const f = fee("psti", "2026-01-10");
    expect(f).toMatchObject({ amount: 140000, currency: "JPY", taxIncluded: true, estimated: false });
    expect(fee("psti", "2025-05-01")?.amount).toBe(140000);
  });

  it("estimates from today before submission, and reports the basis", () => {
    expect(fee("standard", null, "2025-09-01")).toMatchObject({
      amount: 110000,
      estimated: true,
      basis: "2025-09-01",
    });
    expect(fee("standard", "2025-09-01", "2026-01-01")).toMatchObject({ amount: 110000, estimated: false });
  });

  it("reads its rows from the data file, and a new dated row changes the fee without code", () => {
    expect(FEE_TABLE.fees).toHaveLength(3);
    const table = {
      ...FEE_TABLE,
      fees: [
        { ...FEE_TABLE.fees[2], from: "2027-04-01", amount: 220000 } as (typeof FEE_TABLE.fees)[number],
        ...FEE_TABLE.fees,
      ],
    };
    expect(feeFor({ route: "standard", submittedOn: "2027-04-01", today: "x" }, table)?.amount).toBe(220000);
    expect(feeFor({ route: "standard", submittedOn: "2027-03-31", today: "x" }, table)?.amount).toBe(198000);
    expect(feeFor({ level: 2, route: "standard", submittedOn: "2027-03-31", today: "x" }, table)).toBeNull();
  });
});

describe("schedule as data", () => {
  it("expects acceptance about two weeks after submission", () => {
    expect(expectedAcceptanceOn("2026-11-20")).toBe("2026-12-04");
    expect(expectedAcceptanceOn(null)).toBeNull();
  });
  it("keeps a label valid for two years from issuance", () => {
    expect(labelExpiresOn("2026-12-01")).toBe("2028-11-30");
    expect(addYears("2028-02-29", 2)).toBe("2030-02-28");
  });
  it("knows when a waiting step becomes overdue", () => {
    expect(overdueOn("number_requested", "2026-11-01")).toBe("2026-11-08");
    expect(overdueOn("draft", "2026-11-01")).toBeNull();
  });
});

describe("fees carry their sources", () => {
  it("names IPA's application page for the standard fees and marks the PSTI fee unverified", () => {
    const standard = feeFor({ route: "standard", submittedOn: "2026-01-10", today: "x" });
    expect(standard?.sources.map((s) => s.url)).toContain("https://www.ipa.go.jp/security/jc-star/shinsei/");
    expect(standard?.unverifiedMark).toBeNull();
    const psti = feeFor({ route: "psti", submittedOn: "2026-01-10", today: "x" });
    expect(psti?.sources.every((s) => s.confidence !== "official")).toBe(true);
    expect(psti?.unverifiedMark?.en).toBe("No official source confirmed");
    for (const s of [...(standard?.sources ?? []), ...(psti?.sources ?? [])])
      expect(s.url ?? "https://").toMatch(/^https:\/\//);
  });

  it("refuses a fee row without sources or with an unknown one (load error)", () => {
    const row = { ...FEE_TABLE.fees[0], sources: undefined };
    expect(() => parseFeeTable("f.json", { ...FEE_TABLE, fees: [row] }, SHARED_SOURCES.sources)).toThrow(
      SchemeDataError,
    );
    const bad = { ...FEE_TABLE.fees[0], sources: ["nowhere"] };
    expect(() => parseFeeTable("f.json", { ...FEE_TABLE, fees: [bad] }, SHARED_SOURCES.sources)).toThrow(
      /unknown source "nowhere"/,
    );
  });
});
