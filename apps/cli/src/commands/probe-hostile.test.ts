import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALIAS_BOMB } from "@jcstar/probes/testing/hostile-inputs";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { type ProbeIo, probeRun } from "./probe.ts";

function captureIo(): ProbeIo & { stderr: () => string } {
  let err = "";
  return {
    out: () => {},
    err: (t) => {
      err += t;
    },
    errIsTty: false,
    stderr: () => err,
  };
}

describe("jcstar probe run with a hostile profile", () => {
  const dir = tempDir("jcstar-cli-hostile-");
  afterAll(() => dir.cleanup());

  it("reports alias bombs, deep nesting and oversized files as profile problems (exit 2), without running", async () => {
    const cases: [string, string, RegExp][] = [
      ["bomb.yaml", ALIAS_BOMB, /alias/],
      [
        "deep.yaml",
        `name: x\nhost: 127.0.0.1\nx: ${"[".repeat(30_000)}${"]".repeat(30_000)}\n`,
        /nested too deeply/,
      ],
      ["big.yaml", `name: x\nhost: 127.0.0.1\n# ${"x".repeat(1024 * 1024)}\n`, /too large/],
    ];
    for (const [name, text, problem] of cases) {
      const file = join(dir.path, name);
      writeFileSync(file, text);
      const io = captureIo();
      const started = Date.now();
      expect(await probeRun(file, { lang: "en" }, io), name).toBe(2);
      expect(io.stderr(), name).toContain(`invalid device profile: ${file}`);
      expect(io.stderr(), name).toMatch(problem);
      expect(Date.now() - started, name).toBeLessThan(5000);
    }
  });
});
