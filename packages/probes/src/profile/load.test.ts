import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { describe, expect, it } from "vitest";
import { ProfileError } from "./errors.ts";
import { loadProfileFile, parseProfile } from "./load.ts";
import { formatPortList, parsePortRange } from "./port-range.ts";

const YAML = `name: CAM-100 lab unit
host: 127.0.0.1
declaredPorts:
  - { port: 8443, protocol: tcp, purpose: web UI }
scan: { tcp: "1-65535" }
services:
  - id: web
    protocol: https
    port: 8443
    auth:
      type: form
      path: /login
      form: { usernameField: user, passwordField: pass, failureStatus: 401 }
      username: admin
      passwordEnv: DUT_WEB_PASSWORD
`;

function issuesOf(text: string, file = "p.yaml") {
  try {
    parseProfile(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return (error as ProfileError).issues;
  }
  throw new Error("profile was accepted");
}

describe("device profile", () => {
  it("loads the issue's YAML example and fills defaults", () => {
    const p = parseProfile(YAML);
    expect(p.name).toBe("CAM-100 lab unit");
    expect(p.declaredPorts).toEqual([{ port: 8443, protocol: "tcp", purpose: "web UI" }]);
    expect(p.scan).toEqual({ tcp: "1-65535", udp: true });
    expect(p.services[0]?.auth?.form?.failureStatus).toBe(401);
    expect(parseProfile("name: x\nhost: h\n").scan.tcp).toBe("1-65535");
  });

  it("loads the same profile written as JSON, from a file", async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, "p.json");
      writeFileSync(file, JSON.stringify(parseProfile(YAML), null, 2));
      expect(await loadProfileFile(file)).toEqual(parseProfile(YAML));
    } finally {
      dir.cleanup();
    }
  });

  it("names the line and key of every problem", () => {
    const issues = issuesOf(`name: x
host: 127.0.0.1
declaredPorts:
  - { port: 70000 }
scan: { tcp: "1-x" }
services:
  - id: web
    protocol: htps
    port: 8443
`);
    expect(issues.map((i) => [i.line, i.key])).toEqual([
      [4, "declaredPorts[0].port"],
      [5, "scan.tcp"],
      [8, "services[0].protocol"],
    ]);
    expect(issues[2]?.message.ja).toContain("https");
    expect(issues[2]?.message.en).toContain("https");
  });

  it("reports missing keys, wrong types and unknown keys with their lines, in JSON too", () => {
    const json = `{
  "name": "x",
  "services": [ { "id": "a", "protocol": "http", "port": "80", "extra": 1 } ]
}`;
    const issues = issuesOf(json, "p.json");
    expect(issues).toContainEqual(
      expect.objectContaining({
        key: "host",
        line: 1,
        message: { ja: "必須のキーがありません", en: "required key is missing" },
      }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ key: "services[0].port", line: 3 }));
    expect(issues).toContainEqual(expect.objectContaining({ key: "services[0].extra", line: 3 }));
  });

  it("refuses a password written in the file and points to passwordEnv", () => {
    const issues = issuesOf(`name: x
host: h
services:
  - id: ssh
    protocol: ssh
    port: 22
    auth:
      username: root
      password: hunter2
`);
    expect(issues).toEqual([expect.objectContaining({ line: 9, key: "services[0].auth.password" })]);
    expect(issues[0]?.message.en).toContain("passwordEnv");
    expect(issues[0]?.message.ja).toContain("passwordEnv");
  });

  it("checks auth keys against the protocol, and duplicate ids", () => {
    const issues = issuesOf(`name: x
host: h
services:
  - { id: s, protocol: ssh, port: 22, auth: { type: basic, username: u } }
  - { id: s, protocol: https, port: 443, auth: { type: form, passwordEnv: P } }
`);
    expect(issues.map((i) => i.key)).toEqual([
      "services[0].auth.type",
      "services[1].id",
      "services[1].auth.form",
      "services[1].auth.username",
    ]);
    expect(issues.every((i) => i.line === 4 || i.line === 5)).toBe(true);
  });

  it("passwordSecret names a server secret: with a username, not with passwordEnv; server runs refuse env and files", () => {
    const ok = parseProfile(
      "name: x\nhost: h\nservices:\n  - { id: m, protocol: mqtt, port: 1883, auth: { username: d, passwordSecret: broker-pw } }\n",
      "p.yaml",
      { server: true },
    );
    expect(ok.services[0]?.auth?.passwordSecret).toBe("broker-pw");
    const issues = issuesOf(
      "name: x\nhost: h\nservices:\n  - { id: m, protocol: mqtt, port: 1883, auth: { passwordSecret: a, passwordEnv: B } }\n",
    );
    expect(issues.map((i) => [i.key, i.message.en])).toEqual([
      ["services[0].auth.username", "required with passwordEnv"],
      ["services[0].auth.username", "required with passwordSecret"],
      ["services[0].auth.passwordSecret", "passwordEnv or passwordSecret, not both"],
    ]);
    const text =
      "name: x\nhost: h\nservices:\n  - id: m\n    protocol: mqtt\n    port: 1883\n    auth: { username: d, passwordEnv: HOME }\ndefaultCredentials: { list: /etc/passwd }\n";
    expect(() => parseProfile(text)).not.toThrow();
    try {
      parseProfile(text, "p.yaml", { server: true });
      throw new Error("accepted");
    } catch (error) {
      const server = (error as ProfileError).issues;
      expect(server.map((i) => [i.line, i.key])).toEqual([
        [7, "services[0].auth.passwordEnv"],
        [8, "defaultCredentials.list"],
      ]);
      expect(server[0]?.message.ja).toContain("passwordSecret");
    }
  });

  it("reports YAML syntax errors with a line, and unreadable files", async () => {
    const issues = issuesOf("name: x\nhost: [\n");
    expect(issues[0]?.message.en).toMatch(/^syntax error/);
    expect(issues[0]?.line).toBeGreaterThan(0);
    await expect(loadProfileFile("/nonexistent/profile.yaml")).rejects.toThrow(/cannot read/);
  });
});

describe("port ranges", () => {
  it("parses lists and ranges, sorted and unique", () => {
    expect(parsePortRange("80, 22,8000-8002,22")).toEqual([22, 80, 8000, 8001, 8002]);
    expect(parsePortRange("1-65535")).toHaveLength(65535);
    expect(formatPortList([22, 80, 81, 82, 443])).toBe("22,80-82,443");
  });
  it("rejects bad pieces", () => {
    for (const bad of ["0", "65536", "10-5", "a", "1-", ""]) expect(() => parsePortRange(bad)).toThrow();
  });
});
