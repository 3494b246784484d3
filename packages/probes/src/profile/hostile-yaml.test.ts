import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { describe, expect, it } from "vitest";
import { ALIAS_BOMB } from "../testing/hostile-inputs.ts";
import { ProfileError } from "./errors.ts";
import { flowDepth, loadProfileFile, MAX_PROFILE_BYTES, parseProfile } from "./load.ts";

function problemOf(text: string, file = "p.yaml", server = false): string {
  try {
    parseProfile(text, file, { server });
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return (error as ProfileError).issues.map((i) => i.message.en).join("; ");
  }
  throw new Error("profile was accepted");
}

describe("hostile profiles", () => {
  it("refuses a YAML alias bomb with a profile error, quickly", () => {
    const started = Date.now();
    expect(problemOf(ALIAS_BOMB)).toMatch(/alias/);
    expect(problemOf(ALIAS_BOMB, "p.yaml", true)).toMatch(/alias/);
    expect(Date.now() - started).toBeLessThan(2000);
    // A profile that uses a few anchors the normal way still loads.
    const reused = "name: x\nhost: h\ndeclaredPorts:\n  - &web { port: 80, protocol: tcp }\n  - *web\n";
    expect(parseProfile(reused).declaredPorts).toHaveLength(2);
  });

  it("refuses deeply nested flow collections before the parser recurses", () => {
    for (const deep of [
      `name: x\nhost: h\nx: ${"[".repeat(50_000)}${"]".repeat(50_000)}`,
      `name: x\nhost: h\nx: ${"{a: ".repeat(20_000)}1${"}".repeat(20_000)}`,
      `name: x\nhost: h\nx: ${'[ "]", '.repeat(100)}1${"]".repeat(100)}`,
    ]) {
      expect(problemOf(deep)).toMatch(/nested too deeply/);
    }
    expect(flowDepth("a: '[[[['\nb: \"{{{\" # [[[[\nc: [x]")).toBe(1);
    expect(flowDepth("a: plain\n  'x\nb: [[[[1]]]]\nc: '\n")).toBe(4);
  });

  it("refuses a profile over the size limit, as text and as a file (not even read)", async () => {
    const big = `name: x\nhost: h\n# ${"x".repeat(MAX_PROFILE_BYTES)}\n`;
    expect(problemOf(big)).toMatch(/too large/);
    const dir = tempDir("jcstar-profile-");
    try {
      const file = join(dir.path, "big.yaml");
      writeFileSync(file, big);
      await expect(loadProfileFile(file)).rejects.toThrow(/too large/);
      writeFileSync(file, ALIAS_BOMB);
      await expect(loadProfileFile(file)).rejects.toThrow(/alias/);
    } finally {
      dir.cleanup();
    }
  });
});
