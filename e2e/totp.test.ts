import { describe, expect, it } from "vitest";
import { totpAt } from "./totp.ts";

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (base32 below), truncated to 6 digits.
const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("RFC 6238 helper", () => {
  it("matches the published test vectors", () => {
    expect(totpAt(SECRET, Math.floor(59 / 30))).toBe("287082");
    expect(totpAt(SECRET, Math.floor(1111111109 / 30))).toBe("081804");
    expect(totpAt(SECRET, Math.floor(1234567890 / 30))).toBe("005924");
    expect(totpAt(SECRET, Math.floor(2000000000 / 30))).toBe("279037");
  });
});
