import { describe, expect, it } from "vitest";
import { REGISTRY_NUMBER_PATTERN } from "../application/application.schema.ts";
import { MODEL_NUMBER_PATTERN, modelNumberSchema, PURL_PREFIX_PATTERN } from "../product/product.schema.ts";
import {
  LETTER_DIGIT_ASTRAL,
  LETTER_DIGIT_BMP,
  LETTER_DIGIT_UNICODE_VERSION,
} from "./letters-digits.data.ts";
import { letterDigitTable } from "./letters-digits-table.ts";

// The patterns as they were written with flags; the flag-free ones must accept and reject exactly the same.
const BEFORE = {
  modelNumber: /^[\p{L}\p{N}][\p{L}\p{N} ._\-/+()#]*$/u,
  registryNumber: /^[\p{L}\p{N}][\p{L}\p{N} ._\-/#()]*$/u,
  purl: /^pkg:[a-z0-9.+-]+\//i,
};
const AFTER = {
  modelNumber: MODEL_NUMBER_PATTERN,
  registryNumber: REGISTRY_NUMBER_PATTERN,
  purl: PURL_PREFIX_PATTERN,
};

const SAMPLES = [
  ...[
    "CAM-100",
    "cam-100",
    "Cam_100.b",
    "A/B+C(1)#2",
    "a b",
    "x",
    "1",
    "CAM-100 改",
    "カメラ-２００",
    "見守りカメラ",
  ],
  ...["ＡＢＣ１２３", "①型", "Ⅻ-1", "é-1", "Ωmega", "Привет-1", "𠮷野-1", "A𠮷", "𝐀1", "ABC-", "ABC)"],
  ...[
    "",
    " ",
    "-CAM",
    "_A",
    "(1)",
    "#1",
    "/a",
    "+a",
    ".a",
    "😀",
    "A😀",
    "e\u0301",
    "A\u3000B",
    "A\nB",
    "A\tB",
  ],
  ...["A;B", "A,B", "A@B", "A\u0000", "\uD842", "A\uDFB7", "\uDFB7\uD842", "CAM\u2028"],
  ...[
    "pkg:npm/lodash@4.17.21",
    "PKG:NPM/x",
    "Pkg:Maven/org/x",
    "pKg:deb/debian/x",
    "pkg:/x",
    "pkg:npm",
    "pkg:npm x/",
  ],
  ...[
    "pkg:ｎｐｍ/x",
    "pkg:np_m/x",
    "xpkg:npm/x",
    "pkg:np\u212Am/x",
    "pſg:npm/x",
    "pkg:c++/x",
    "pkg:a.b-c+d/x",
  ],
];

describe("flag-free patterns (JSON Schema) behave as the /u and /i ones did", () => {
  it("have no flags", () => {
    for (const re of Object.values(AFTER)) expect(re.flags).toBe("");
  });

  it.each(Object.keys(BEFORE) as (keyof typeof BEFORE)[])(
    "%s: same answer on samples, both cases, Japanese",
    (k) => {
      for (const s of SAMPLES) expect(AFTER[k].test(s), `${k} ${JSON.stringify(s)}`).toBe(BEFORE[k].test(s));
    },
  );

  it("accept and reject what they should (not only agree)", () => {
    expect(
      ["CAM-100", "カメラ-２００", "𠮷野-1", "ＡＢＣ(1)#2"].every((s) => MODEL_NUMBER_PATTERN.test(s)),
    ).toBe(true);
    expect(["-CAM", "😀", "A\u3000B", "e\u0301", "\uD842"].some((s) => MODEL_NUMBER_PATTERN.test(s))).toBe(
      false,
    );
    expect(REGISTRY_NUMBER_PATTERN.test("JC-2026-0001")).toBe(true);
    expect(REGISTRY_NUMBER_PATTERN.test("JC+1")).toBe(false);
    expect(["pkg:npm/x", "PKG:NPM/x", "Pkg:Deb/x"].every((s) => PURL_PREFIX_PATTERN.test(s))).toBe(true);
    expect(["pkg:/x", "pkg:np\u212Am/x", "npm/x"].some((s) => PURL_PREFIX_PATTERN.test(s))).toBe(false);
    expect(modelNumberSchema.safeParse("  CAM-100 ").data).toBe("CAM-100");
  });

  it("agree on every code point, first and later, lone surrogates included", () => {
    const mismatches: string[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      const c = String.fromCodePoint(cp);
      for (const k of Object.keys(BEFORE) as (keyof typeof BEFORE)[]) {
        const inputs =
          k === "purl" ? [`${c}kg:npm/`, `pkg:${c}/`, `pkg:n${c}/`] : [c, `A${c}`, `${c}1`, `A${c}1`];
        for (const s of inputs)
          if (AFTER[k].test(s) !== BEFORE[k].test(s)) mismatches.push(`${k} U+${cp.toString(16)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.skipIf(process.versions.unicode !== LETTER_DIGIT_UNICODE_VERSION)(
    "letters-digits.data.ts is what write-letters-digits.ts makes from this Node's Unicode tables",
    () => {
      expect(letterDigitTable()).toEqual({ bmp: LETTER_DIGIT_BMP, astral: LETTER_DIGIT_ASTRAL });
    },
  );
});
