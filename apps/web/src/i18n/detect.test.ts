import { describe, expect, it } from "vitest";
import { detectLanguage } from "./index.ts";

describe("language detection", () => {
  it("prefers Japanese only when the browser ranks it above English", () => {
    expect(detectLanguage(["ja-JP", "en-US"], null)).toBe("ja");
    expect(detectLanguage(["en-GB", "ja"], null)).toBe("en");
    expect(detectLanguage(["fr", "ja"], null)).toBe("ja");
    expect(detectLanguage(["de"], null)).toBe("en");
  });

  it("keeps the user's own choice", () => {
    expect(detectLanguage(["ja"], "en")).toBe("en");
  });
});
