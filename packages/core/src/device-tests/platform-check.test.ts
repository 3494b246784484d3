import type { ProbeResult } from "@jcstar/probes";
import { describe, expect, it } from "vitest";
import { platformCheck, platformUnits } from "./platform-check.ts";

const info = (findings: Record<string, unknown>): ProbeResult => ({
  probe: "device-info",
  criteria: ["S1.1-10", "S1.1-06"],
  verdict: "PASS",
  summary: { ja: "", en: "" },
  findings,
  units: [],
  log: [],
});
const release = { version: "1.10.0", releasedOn: "2026-06-01" };

describe("device-info against the platform's records", () => {
  it("latest / update available / newer / unknown, compared numerically", () => {
    const status = (version: unknown, latest: typeof release | null = release) =>
      platformCheck(info({ model: "A", version }), ["A"], latest).status;
    expect(status("1.10.0")).toBe("latest");
    expect(status("v1.10")).toBe("latest");
    expect(status("1.9.2")).toBe("update-available");
    expect(status("1.10.1")).toBe("newer-than-release");
    expect(status(null)).toBe("unknown");
    expect(status("1.9.2", null)).toBe("unknown");
  });

  it("flags a model that is not one of the product's model numbers; cannot check without any", () => {
    const verdicts = (model: unknown, numbers: string[]) =>
      platformUnits(platformCheck(info({ model, version: "1.10.0" }), numbers, release)).units.map((u) => [
        u.id,
        u.verdict,
      ]);
    expect(verdicts("A-1", ["A-1", "A-2"])).toEqual([
      ["platform-model", "PASS"],
      ["platform-version", "PASS"],
    ]);
    expect(verdicts("A-3", ["A-1", "A-2"])[0]).toEqual(["platform-model", "FAIL"]);
    expect(verdicts("A-3", [])[0]).toEqual(["platform-model", "NOT_RUN"]);
    expect(verdicts(null, ["A-1"])[0]).toEqual(["platform-model", "NOT_RUN"]);
    const { line } = platformUnits(platformCheck(info({ model: "A-3", version: "1.9" }), ["A-1"], release));
    expect(line.ja).toContain("要確認: 機器の型番 A-3 は製品の型番（A-1）にありません");
    expect(line.ja).toContain("更新あり: 1.9 → 製品の最新リリース 1.10.0");
    expect(line.en).toContain(
      "flagged: the device's model A-3 is not one of the product's model numbers (A-1)",
    );
  });
});
