import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("JCSTAR_PUBLIC_URL", () => {
  it("takes an http(s) origin and normalises it", () => {
    expect(loadConfig({ JCSTAR_PUBLIC_URL: "https://jcstar.example.jp/" }).publicUrl).toBe(
      "https://jcstar.example.jp",
    );
    expect(loadConfig({ JCSTAR_PUBLIC_URL: "http://[::1]:8080" }).publicUrl).toBe("http://[::1]:8080");
    expect(loadConfig({}).publicUrl).toBeUndefined();
  });

  it.each([
    "jcstar.example.jp",
    "ftp://jcstar.example.jp",
    "https://jcstar.example.jp/app",
    "https://jcstar.example.jp?x=1",
    "https://jcstar.example.jp/#top",
    "https://admin:secret@jcstar.example.jp",
    "javascript:alert(1)",
  ])("refuses the start for %s, naming the variable", (value) => {
    expect(() => loadConfig({ JCSTAR_PUBLIC_URL: value })).toThrow(ConfigError);
    expect(() => loadConfig({ JCSTAR_PUBLIC_URL: value })).toThrow(/JCSTAR_PUBLIC_URL/);
  });
});
