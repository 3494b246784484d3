import { describe, expect, it } from "vitest";
import { documentInputsSchema } from "./inputs.schema.ts";
import { buildSecurityTxt, validateSecurityTxt } from "./security-txt.ts";

const now = new Date("2026-11-26T09:00:00Z");
const fields = (text: string) => validateSecurityTxt(text, now).map((p) => p.field);

describe("security.txt (RFC 9116)", () => {
  it("builds a file with Contact, Expires, Policy, Preferred-Languages and Canonical that validates", () => {
    const inputs = documentInputsSchema.parse({
      contact: { email: "psirt@example.jp", formUrl: "https://example.jp/report" },
      disclosure: {
        policyUrl: "https://example.jp/policy",
        securityTxtUrl: "https://example.jp/.well-known/security.txt",
        securityTxtValidDays: 364,
      },
    });
    const text = buildSecurityTxt(inputs, now);
    expect(text).toContain("Contact: mailto:psirt@example.jp\nContact: https://example.jp/report\n");
    expect(text).toContain("Expires: 2027-11-25T09:00:00Z\n");
    expect(text).toContain("Policy: https://example.jp/policy\n");
    expect(text).toContain("Preferred-Languages: ja, en\n");
    expect(text).toContain("Canonical: https://example.jp/.well-known/security.txt\n");
    expect(validateSecurityTxt(text, now)).toEqual([]);
  });

  it("requires Contact and exactly one Expires", () => {
    expect(fields("# empty\n")).toEqual(["contact", "expires"]);
    expect(
      fields("Contact: mailto:a@example.jp\nExpires: 2027-01-01T00:00:00Z\nExpires: 2027-02-01T00:00:00Z\n"),
    ).toEqual(["expires"]);
  });

  it("checks Expires: RFC 3339, in the future, less than a year ahead", () => {
    const c = "Contact: mailto:a@example.jp\n";
    expect(fields(`${c}Expires: 2027-01-01\n`)).toEqual(["expires"]);
    expect(fields(`${c}Expires: 2026-11-01T00:00:00Z\n`)).toEqual(["expires"]);
    expect(fields(`${c}Expires: 2027-11-26T09:00:00Z\n`)).toEqual(["expires"]);
    expect(fields(`${c}Expires: 2027-11-25T08:59:59+00:00\n`)).toEqual([]);
  });

  it("checks the format of lines, URIs and language tags", () => {
    const e = "Expires: 2027-01-01T00:00:00Z\n";
    expect(fields(`Contact: http://example.jp/\n${e}`)).toEqual(["contact"]);
    expect(fields(`Contact: ftp://example.jp/\n${e}`)).toEqual(["contact"]);
    expect(fields(`Contact: mailto:a@example.jp\n${e}Policy: http://example.jp/p\n`)).toEqual(["policy"]);
    expect(fields(`Contact: mailto:a@example.jp\n${e}Canonical: not a uri\n`)).toEqual(["canonical"]);
    expect(fields(`Contact: mailto:a@example.jp\n${e}Preferred-Languages: ja; en\n`)).toEqual([
      "preferred-languages",
    ]);
    expect(fields(`Contact: mailto:a@example.jp\n${e}this is not a field\n`)).toEqual([null]);
    expect(fields(`Contact: mailto:a@example.jp\r\n${e}X-Custom: anything\r\n`)).toEqual([]);
  });
});
