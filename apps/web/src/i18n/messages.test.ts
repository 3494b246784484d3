import { describe, expect, it } from "vitest";
import { en } from "./en.ts";
import { ja } from "./ja.ts";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(value: unknown): [string, unknown][] {
  return keys(value).map((k) => [
    k,
    k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], value),
  ]);
}

describe("web texts", () => {
  it("have the same keys in Japanese and English", () => {
    expect(keys(en).sort()).toEqual(keys(ja).sort());
  });

  it("are non-empty strings with the same placeholders in both languages", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const enByKey = new Map(leaves(en));
    for (const [key, text] of leaves(ja)) {
      expect(typeof text, key).toBe("string");
      expect((text as string).length, key).toBeGreaterThan(0);
      expect(placeholders(enByKey.get(key) as string), key).toEqual(placeholders(text as string));
    }
  });
});

describe("texts used by the source", () => {
  it("exist for every static key passed to t()", async () => {
    const { readdirSync, readFileSync, statSync } = await import("node:fs");
    const { join } = await import("node:path");
    const root = join(import.meta.dirname, "..");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !name.endsWith(".test.ts")) files.push(path);
      }
    };
    walk(root);
    const known = new Set(keys(ja));
    const prefixes = new Set(keys(ja).map((k) => k.slice(0, k.lastIndexOf(".") + 1)));
    const missing: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const match of source.matchAll(/\bt\((["`])([a-zA-Z0-9_.]+)(\$\{)?/g)) {
        const key = match[2] ?? "";
        if (match[3] ? !prefixes.has(key) : !known.has(key)) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
