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

describe("proxy trust in the configuration", () => {
  it("trusts no proxy by default, one hop with JCSTAR_TRUST_PROXY=1, a CIDR list with JCSTAR_TRUSTED_PROXIES", () => {
    expect(loadConfig({}).proxyTrust).toEqual({ mode: "none" });
    expect(loadConfig({ JCSTAR_TRUST_PROXY: "0" }).proxyTrust).toEqual({ mode: "none" });
    expect(loadConfig({ JCSTAR_TRUST_PROXY: "1" }).proxyTrust).toEqual({ mode: "one-hop" });
    expect(loadConfig({ JCSTAR_TRUSTED_PROXIES: "10.0.0.0/8, fd00::/8" }).proxyTrust).toEqual({
      mode: "cidrs",
      cidrs: ["10.0.0.0/8", "fd00::/8"],
    });
  });

  it("refuses to start on a bad list, naming the variable", () => {
    for (const bad of ["10.0.0.0/33", "proxy.example.jp", " , "]) {
      expect(() => loadConfig({ JCSTAR_TRUSTED_PROXIES: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ JCSTAR_TRUSTED_PROXIES: bad }), bad).toThrow(/JCSTAR_TRUSTED_PROXIES/);
    }
    expect(() => loadConfig({ JCSTAR_TRUST_PROXY: "1", JCSTAR_TRUSTED_PROXIES: "10.0.0.0/8" })).toThrow(
      /JCSTAR_TRUSTED_PROXIES/,
    );
  });
});
