import { describe, expect, it } from "vitest";
import { type FrozenEvidence, groupEvidence, titleIn } from "./frozen-rows.ts";

const ev = (id: string, extra: Partial<FrozenEvidence> = {}): FrozenEvidence => ({
  id,
  title: id,
  hasFile: true,
  ...extra,
});

describe("frozen checklist rows", () => {
  it("keeps the newest run of each test and folds the older ones", () => {
    const groups = groupEvidence(
      [
        ev("doc"),
        ev("ports-1", { testKey: "ports" }),
        ev("tls-1", { testKey: "tls:https" }),
        ev("ports-2", { testKey: "ports" }),
        ev("ports-3", { testKey: "ports" }),
      ],
      "ja",
    );
    expect(groups.map((g) => [g.newest.id, g.older.map((o) => o.id)])).toEqual([
      ["doc", []],
      ["ports-3", ["ports-2", "ports-1"]],
      ["tls-1", []],
    ]);
  });

  it("shows a run's report in the reader's language only", () => {
    const list = [
      ev("r1-ja", { fileName: "probe-report-ja.txt" }),
      ev("r1-en", { fileName: "probe-report-en.txt" }),
      ev("r2-ja", { fileName: "probe-report-ja.txt" }),
      ev("r2-en", { fileName: "probe-report-en.txt" }),
    ];
    expect(groupEvidence(list, "en").map((g) => [g.newest.id, g.older.map((o) => o.id)])).toEqual([
      ["r2-en", ["r1-en"]],
    ]);
    expect(groupEvidence(list.slice(0, 1), "en").map((g) => g.newest.id)).toEqual(["r1-ja"]);
  });

  it("titles in the reader's language where the server wrote both", () => {
    const e = ev("x", { title: "報告書", titles: { ja: "報告書", en: "Report" } });
    expect(titleIn(e, "en")).toBe("Report");
    expect(titleIn(e, "ja")).toBe("報告書");
    expect(titleIn(ev("y", { title: "手書き" }), "en")).toBe("手書き");
  });
});
