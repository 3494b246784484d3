import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword, normalisePassword, passwordProblem, verifyPassword } from "./password.ts";

const refused = (password: string, email?: string) => passwordProblem(password, email) !== null;

describe("password policy (NFKC first)", () => {
  it("normalises with NFKC before measuring the length", () => {
    // 12 UTF-16 units, but 6 characters once the combining accents are composed.
    const combining = "e\u0301a\u0301o\u0301i\u0301u\u0301e\u0301";
    expect(combining.length).toBe(12);
    expect(normalisePassword(combining)).toHaveLength(6);
    expect(refused(combining)).toBe(true);
    // Surrogate pairs count as one character each.
    expect(refused("🔑🔒🗝🔐🔓🔏")).toBe(true);
  });

  it("finds common passwords typed in full-width or with compatibility characters", () => {
    expect(refused("ｐａｓｓｗｏｒｄ１２３４")).toBe(true);
    expect(refused("ＰＡＳＳＷＯＲＤ！！！！")).toBe(true);
    expect(refused("ｑｗｅｒｔｙｕｉｏｐ１２")).toBe(true);
  });

  it("refuses trivial sequences, repeated characters and keyboard rows", () => {
    for (const trivial of [
      "123456789012",
      "１２３４５６７８９０１２",
      "abcdefghijkl",
      "ａｂｃｄｅｆｇｈｉｊｋｌ",
      "ABCDEFGHIJKLMN",
      "zyxwvutsrqpo",
      "210987654321",
      "aaaaaaaaaaaa",
      "ａａａａａａａａａａａａ",
      "aaaaaa111111",
      "abcabcabcabc",
      "qwertyuiopasdf",
      "qwertyuiop[]",
      "asdfghjkl;'z",
      "zxcvbnm,./zx",
      "1234567890-=",
      "1234567890qwertyuiop",
      "qwertyuiop1234",
      "poiuytrewqlkj",
      "!@#$%^&*()_+",
      "asdfghjkl123",
      "abcdefghij!1",
    ]) {
      expect(refused(trivial), trivial).toBe(true);
    }
  });

  it("keeps accepting ordinary long passphrases, in Japanese too", () => {
    for (const fine of [
      "long enough to be fine",
      "Correct horse battery 3f9a",
      "すずめが三羽、電線でうたう",
      "tsukimi-dango-42-kuri",
      "ｓｏｒａ ｎｏ ｍｉｚｕｕｍｉ",
    ]) {
      expect(passwordProblem(fine), fine).toBeNull();
    }
  });

  it("refuses the e-mail's local part after normalisation", () => {
    expect(refused("ｙａｍａｄａｔａｒｏｕ-2026", "yamadatarou@example.jp")).toBe(true);
  });
});

describe("password hashing (NFKC)", () => {
  it("hashes the normalised password: full-width and half-width forms are the same password", async () => {
    const hash = await hashPassword("ｔａｎｕｋｉ ｔｏ ｋｉｔｓｕｎｅ");
    expect(await verifyPassword("tanuki to kitsune", hash)).toBe(true);
    expect(await verifyPassword("ｔａｎｕｋｉ ｔｏ ｋｉｔｓｕｎｅ", hash)).toBe(true);
    expect(await verifyPassword("tanuki to kitsunf", hash)).toBe(false);
  });

  it("verifies hashes stored by earlier versions (they hashed the NFKC form too)", async () => {
    const salt = randomBytes(16);
    const key = scryptSync("ｆｕｌｌ ｗｉｄｔｈ ｐａｓｓ".normalize("NFKC"), salt, 32, {
      N: 16384,
      r: 8,
      p: 1,
    });
    const stored = `scrypt$16384$8$1$${salt.toString("base64")}$${key.toString("base64")}`;
    expect(await verifyPassword("ｆｕｌｌ ｗｉｄｔｈ ｐａｓｓ", stored)).toBe(true);
    expect(await verifyPassword("full width pass", stored)).toBe(true);
  });
});
