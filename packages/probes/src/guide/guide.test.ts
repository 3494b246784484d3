import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { GUIDES, guideFor } from "./steps.ts";
import { walkGuide } from "./walk.ts";

const dir = tempDir("jcstar-guide-");
afterAll(() => dir.cleanup());

/** Scripted answers, as if typed on the terminal. */
function scripted(lines: string[]) {
  let out = "";
  const queue = [...lines];
  return {
    io: {
      write: (t: string) => {
        out += t;
      },
      ask: async (q: string) => {
        out += q;
        return queue.length ? (queue.shift() as string) : null;
      },
    },
    output: () => out,
  };
}

describe("guided manual tests", () => {
  it("has ja/en step lists for S1.1-10, S1.1-13, S1.1-14 and S1.1-15", () => {
    expect(GUIDES.map((g) => g.criterion).sort()).toEqual(["S1.1-10", "S1.1-13", "S1.1-14", "S1.1-15"]);
    for (const g of GUIDES) {
      expect(g.steps.length).toBeGreaterThan(2);
      expect(new Set(g.steps.map((s) => s.id)).size).toBe(g.steps.length);
      for (const s of g.steps) expect(s.instruction.ja.length * s.instruction.en.length).toBeGreaterThan(0);
    }
    expect(guideFor("s1.1-10")?.criterion).toBe("S1.1-10");
    expect(guideFor("S1.1-99")).toBeUndefined();
  });

  it("records tester, time, result, note and hashed attachments per step; a fail FAILs the case", async () => {
    const photo = join(dir.path, "label.jpg");
    writeFileSync(photo, "jpeg bytes");
    const s = scripted([
      "pass",
      "label on the bottom",
      photo,
      "maybe",
      "合格",
      "",
      "",
      "fail",
      "model missing from the app",
      "",
      "skip",
      "",
      "",
    ]);
    const times = ["2026-11-26T01:00:00.000Z"];
    const r = await walkGuide(guideFor("S1.1-10") as never, s.io, {
      lang: "ja",
      tester: "Sato",
      now: () => new Date(times[0] as string),
      cwd: dir.path,
    });
    expect(r.probe).toBe("guide");
    expect(r.criteria).toEqual(["S1.1-10"]);
    expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
      ["body-label", "PASS"],
      ["label-durable", "PASS"],
      ["ui-model", "FAIL"],
      ["ui-version", "NOT_RUN"],
    ]);
    expect(r.verdict).toBe("FAIL");
    const answers = r.findings.answers as {
      step: string;
      note: string;
      at: string;
      attachments: { sha256: string; bytes: number }[];
    }[];
    expect(answers[0]).toMatchObject({
      step: "body-label",
      note: "label on the bottom",
      at: "2026-11-26T01:00:00.000Z",
    });
    expect(answers[0]?.attachments[0]).toMatchObject({ bytes: 10 });
    expect(answers[0]?.attachments[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.findings.tester).toBe("Sato");
    expect(s.output()).toContain("本体");
    expect(s.output()).toContain("pass / fail / skip のどれかで答えてください");
    expect(r.summary.en).toContain("2 pass, 1 fail, 1 skipped (tester Sato)");
    expect(r.log.filter((e) => e.event === "answer")).toHaveLength(4);
  });

  it("end of input stops the walk: the rest is NOT_RUN and the case cannot PASS", async () => {
    const s = scripted(["pass", "", ""]);
    const r = await walkGuide(guideFor("S1.1-14") as never, s.io, { lang: "en", tester: "lee" });
    expect(r.units[0]?.verdict).toBe("PASS");
    expect(r.units.slice(1).every((u) => u.verdict === "NOT_RUN")).toBe(true);
    expect(r.verdict).toBe("INCONCLUSIVE");
    expect(r.summary.en).toContain("unanswered");
  });
});
