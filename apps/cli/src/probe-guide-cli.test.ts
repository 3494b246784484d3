import { type ChildProcess, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadGuide } from "./commands/upload-guide.ts";
import { seedLabProduct } from "./lab-product.testing.ts";
import { BIN, startServe } from "./serve.testing.ts";

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(32, 9),
]);

/** `jcstar probe guide …` with the tester's answers on stdin, one per line. */
function guide(args: string[], answers: string[]) {
  return spawnSync(process.execPath, [BIN, "probe", "guide", ...args], {
    input: `${answers.join("\n")}\n`,
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe("jcstar probe guide", () => {
  const dir = tempDir("jcstar-guide-cli-");
  const data = join(dir.path, "data");
  let server: ChildProcess;
  let url = "";
  let token = "";
  let productId = "";
  let assessmentId = "";

  beforeAll(async () => {
    ({ token, productId, assessmentId } = await seedLabProduct(data, { name: "CAM", category: "camera" }));
    ({ child: server, url } = await startServe(data));
  }, 120_000);
  afterAll(() => {
    server?.kill("SIGTERM");
    dir.cleanup();
  });

  it("walks the steps from stdin, prints the report and writes the results JSON (a failed step: exit 1)", () => {
    const out = join(dir.path, "guide.json");
    const photo = join(dir.path, "port.png");
    writeFileSync(photo, PNG);
    const r = guide(
      ["S1.1-13", "--lang", "en", "--tester", "Sato", "--json", out],
      [
        "pass",
        "power only",
        photo,
        "maybe",
        "fail",
        "pairable as JC-DEBUG",
        "",
        "skip",
        "",
        "",
        "pass",
        "",
        "",
      ],
    );
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain("[1/5]");
    expect(r.stderr).toContain("please answer pass, fail or skip");
    expect(r.stdout).toContain("[FAIL] guide S1.1-13");
    expect(r.stdout).toContain("→ fail (Sato,");
    expect(r.stdout).toContain("note: pairable as JC-DEBUG");
    expect(r.stdout).toContain("serial-console: ");
    const run = JSON.parse(readFileSync(out, "utf8")) as {
      results: {
        units: { id: string; verdict: string }[];
        findings: { answers: { attachments: { sha256: string }[] }[] };
      }[];
    };
    expect(run.results[0]?.units.map((u) => u.verdict)).toEqual([
      "PASS",
      "FAIL",
      "NOT_RUN",
      "PASS",
      "NOT_RUN",
    ]);
    expect(run.results[0]?.findings.answers[0]?.attachments[0]?.sha256).toBe(
      createHash("sha256").update(PNG).digest("hex"),
    );
  });

  it("exit 2 for a criterion without a guide, and for --upload without a product (before any question)", () => {
    const none = guide(["S1.1-01", "--lang", "en"], []);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("no guide for S1.1-01 (available: S1.1-10, S1.1-13, S1.1-15, S1.1-14)");
    const missing = guide(
      ["S1.1-10", "--lang", "en", "--upload", "--server", url, "--token", token],
      ["pass"],
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--upload needs --product");
    expect(missing.stderr).not.toContain("[1/4]");
  });

  it("--upload files the record with its photo (by path, checked by hash) as evidence on the criterion", async () => {
    const photo = join(dir.path, "label.png");
    writeFileSync(photo, PNG);
    const r = guide(
      [
        "S1.1-10",
        "--lang",
        "en",
        "--tester",
        "Sato",
        "--upload",
        "--server",
        url,
        "--token",
        token,
        "--product",
        productId,
      ],
      ["pass", "label on the bottom", photo, "pass", "", "", "pass", "", "", "pass", "", ""],
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Filed the guided test as evidence \(PASS, 3 records, 1 files\)/);
    const view = (await (
      await fetch(`${url}/api/assessments/${assessmentId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      results: {
        criterionId: string;
        evidence: {
          kind: string | null;
          deviceTest: { tester: string } | null;
          deviceTestResult: { key: string; verdict: string } | null;
          file: { sha256: string; mediaType: string; originalName: string } | null;
        }[];
      }[];
    };
    const s10 = view.results.find((x) => x.criterionId === "S1.1-10")?.evidence ?? [];
    const photoEv = s10.find((e) => e.kind === "photo");
    expect(photoEv?.file).toMatchObject({
      mediaType: "image/png",
      originalName: "label.png",
      sha256: createHash("sha256").update(PNG).digest("hex"),
    });
    const record = s10.find((e) => e.deviceTestResult);
    expect(record?.deviceTestResult).toEqual({ key: "guide:S1.1-10", verdict: "PASS" });
    expect(record?.deviceTest?.tester).toBe("Sato");
  });

  it("--upload refuses a file that changed after it was recorded (hash check), filing nothing", async () => {
    const photo = join(dir.path, "changed.png");
    writeFileSync(photo, PNG);
    const run = {
      tool: "jcstar" as const,
      version: "0.1.0",
      profile: "guide S1.1-13",
      host: "manual",
      startedAt: "2026-11-26T01:00:00.000Z",
      finishedAt: "2026-11-26T01:05:00.000Z",
      results: [
        {
          probe: "guide",
          criteria: ["S1.1-13"],
          verdict: "PASS" as const,
          summary: { ja: "", en: "" },
          units: [],
          log: [],
          findings: {
            tester: "Sato",
            answers: [
              {
                step: "usb",
                result: "pass",
                note: "",
                at: "2026-11-26T01:01:00.000Z",
                attachments: [{ path: photo, bytes: PNG.length, sha256: "0".repeat(64) }],
              },
            ],
          },
        },
      ],
    };
    await expect(uploadGuide(run, { server: url, token, product: productId }, "en")).rejects.toThrow(
      /changed\.png changed after it was recorded/,
    );
    const view = (await (
      await fetch(`${url}/api/assessments/${assessmentId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { results: { criterionId: string; evidence: unknown[] }[] };
    expect(view.results.find((x) => x.criterionId === "S1.1-13")?.evidence).toEqual([]);
  });
});
