import { describe, expect, it } from "vitest";
import { schemeNumberKey, schemeNumberProblem, schemeNumberSchema } from "./scheme-number.ts";

const parse = (v: string) => schemeNumberSchema.safeParse(v);

describe("scheme numbers (stored as IPA writes them)", () => {
  it("keeps real-looking numbers exactly, including Japanese text, spaces, slashes and stars", () => {
    for (const n of ["JC-STAR ★1 第0001号", "2026/00123", "ＪＣ－０１", "R1-000012(仮)", "JCS_2026.001"]) {
      const r = parse(n);
      expect(r.success, n).toBe(true);
      expect(r.data).toBe(n.normalize("NFC"));
    }
  });

  it("normalises NFD input to NFC and trims the ends", () => {
    const nfd = "カ\u3099-001"; // ガ typed as カ + combining voiced mark
    expect(nfd).not.toBe(nfd.normalize("NFC"));
    expect(parse(`  ${nfd} `).data).toBe("ガ-001");
  });

  it("refuses bidi controls, isolates and zero-width characters", () => {
    for (const bad of ["AB\u202E123", "A\u2066B\u2069", "A\u200BB", "\uFEFFA1", "A\u061C1"]) {
      expect(parse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("refuses control characters, line breaks and odd spaces", () => {
    for (const bad of ["A\u0000B", "A\nB", "A\tB", "A\u0085B", "A\u2028B", "A\u00A0B", "A\u3000B"]) {
      expect(parse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("allows 64 characters (code points, not UTF-16 units) and refuses 65", () => {
    expect(parse("A".repeat(64)).success).toBe(true);
    expect(parse("A".repeat(65)).success).toBe(false);
    expect(parse("𠀋".repeat(64)).success).toBe(true);
    expect(schemeNumberProblem("𠀋".repeat(65))).toBe("tooLong");
  });

  it("refuses empty and blank", () => {
    expect(parse("").success).toBe(false);
    expect(parse("   ").success).toBe(false);
  });

  it("derives a URL- and file-safe key that differs for look-alikes", () => {
    const a = schemeNumberKey("JC-STAR ★1 第0001号");
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(a.startsWith("JC-STAR_1_0001-")).toBe(true);
    expect(schemeNumberKey("第一号")).toMatch(/^[0-9a-f]{12}$/);
    expect(schemeNumberKey("JC/1")).not.toBe(schemeNumberKey("JC 1"));
    expect(schemeNumberKey("../../etc/passwd")).toMatch(/^etc_passwd-[0-9a-f]{12}$/);
    // The key is of the stored (NFC) form: NFD and NFC input give the same key.
    expect(schemeNumberKey("カ\u3099")).toBe(schemeNumberKey("ガ"));
  });
});
