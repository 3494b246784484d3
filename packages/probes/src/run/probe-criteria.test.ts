import { describe, expect, it } from "vitest";
import { parseProfile } from "../profile/load.ts";
import { criteriaCoverage, criteriaLeftOver, PROBE_CRITERIA } from "./probe-criteria.ts";
import { PROBE_NAMES } from "./probes.ts";
import { runProfile } from "./run-profile.ts";

describe("probe → criteria data", () => {
  it("names every probe with at least one criterion", () => {
    expect(PROBE_CRITERIA.map((p) => p.probe)).toEqual([...PROBE_NAMES]);
    for (const p of PROBE_CRITERIA) expect(p.criteria.length, p.probe).toBeGreaterThan(0);
  });

  it("matches the criteria the probes put on their results (NOT_RUN results of an empty profile)", async () => {
    const profile = parseProfile('name: x\nhost: 127.0.0.1\nscan: { tcp: "1", udp: false }\n');
    const run = await runProfile(profile, {
      address: "127.0.0.1",
      only: ["ports", "device-info", "persistence", "reset", "firmware-integrity"],
    });
    for (const r of run.results)
      expect(r.criteria, r.probe).toEqual(PROBE_CRITERIA.find((p) => p.probe === r.probe)?.criteria);
  });

  it("the server executor's four probes leave the device-behaviour criteria to the CLI or a guided test", () => {
    const left = criteriaLeftOver(["ports", "tls", "default-credentials", "brute-force"]);
    const by = Object.fromEntries(left.map((l) => [l.criterion, l.leftTo]));
    expect(by["S1.1-08"]).toEqual(["cli"]);
    expect(by["S1.1-14"]).toEqual(["cli", "guided"]);
    expect(by["S1.1-13"]).toBeUndefined();
    expect(criteriaCoverage().find((c) => c.criterion === "S1.1-13")).toMatchObject({
      probes: ["ports"],
      guided: true,
    });
  });
});
