import { describe, expect, it } from "vitest";
import { normaliseFieldInput, normalisePostalCode } from "./field-input.ts";

describe("postal codes as people type them", () => {
  it("become NNN-NNNN", () => {
    for (const typed of ["〒100-0001", "100-0001", "1000001", "１００－０００１", "〒 100 0001", "100ー0001"])
      expect(normalisePostalCode(typed), typed).toBe("100-0001");
  });
  it("are refused when they are not seven digits", () => {
    for (const typed of ["100-001", "10000011", "abc-defg", "", "〒"])
      expect(normalisePostalCode(typed), typed).toBeNull();
  });
  it("leave other fields and unparsable values as typed (trimmed), for the pattern check to refuse", () => {
    expect(normaliseFieldInput("postalCode", " 1000001 ")).toBe("100-0001");
    expect(normaliseFieldInput("postalCode", " 12-34 ")).toBe("12-34");
    expect(normaliseFieldInput(undefined, " 1000001 ")).toBe("1000001");
  });
});
