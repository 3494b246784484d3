import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closedPorts, startLoginHttpServer } from "@jcstar/probes/testing/fixtures";
import { startScriptedTlsServer } from "@jcstar/probes/testing/scripted-tls-server";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProbeIo, probeCommand, probePorts, probeRun } from "./probe.ts";

function captureIo(): ProbeIo & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    errIsTty: false,
    stdout: () => out,
    stderr: () => err,
  };
}

describe("jcstar probe run / probe ports", () => {
  const dir = tempDir("jcstar-cli-probe-");
  const stops: Array<() => Promise<void>> = [];
  let tlsPort = 0;
  let httpPort = 0;
  let closed: number[] = [];
  const profile = (name: string, body: string) => {
    const file = join(dir.path, name);
    writeFileSync(file, body);
    return file;
  };

  beforeAll(async () => {
    const tls = await startScriptedTlsServer({ protocols: ["TLSv1.2"], suites: [0xc02f] });
    const http = await startLoginHttpServer();
    stops.push(tls.close, http.close);
    [tlsPort, httpPort] = [tls.port, http.port];
    closed = await closedPorts(2);
  });
  afterAll(async () => {
    await Promise.all(stops.map((s) => s()));
    dir.cleanup();
  });

  it("exit 0 when nothing FAILs; the report goes to stdout, progress to stderr; files are written", async () => {
    const file = profile(
      "ok.yaml",
      `name: ok\nhost: 127.0.0.1\ndeclaredPorts: [{ port: ${tlsPort} }]\nscan: { tcp: "${tlsPort},${closed[0]}", udp: false }\n`,
    );
    const io = captureIo();
    const json = join(dir.path, "r.json");
    const junit = join(dir.path, "r.xml");
    const sarif = join(dir.path, "r.sarif");
    expect(await probeRun(file, { lang: "en", json, junit, sarif }, io)).toBe(0);
    expect(io.stdout()).toContain("[PASS] ports");
    expect(io.stderr()).toContain("[ports] scanning 2 TCP ports");
    expect(JSON.parse(readFileSync(json, "utf8")).results[0].verdict).toBe("PASS");
    expect(readFileSync(junit, "utf8")).toContain("<testsuites");
    expect(JSON.parse(readFileSync(sarif, "utf8")).version).toBe("2.1.0");
  });

  it("exit 1 when something FAILs (a login over plain HTTP); --strict also fails INCONCLUSIVE", async () => {
    const file = profile(
      "bad.yaml",
      `name: bad\nhost: 127.0.0.1\nservices:\n  - { id: admin, protocol: http, port: ${httpPort} }\n  - { id: web, protocol: https, port: ${tlsPort} }\n`,
    );
    const io = captureIo();
    expect(await probeRun(file, { lang: "ja", only: "tls" }, io)).toBe(1);
    expect(io.stdout()).toContain("[FAIL] tls admin");
    expect(io.stdout()).toContain("暗号化されていません");
    const onlyWeb = profile(
      "web.yaml",
      `name: web\nhost: 127.0.0.1\nservices:\n  - { id: web, protocol: https, port: ${tlsPort} }\n`,
    );
    expect(await probeRun(onlyWeb, { lang: "en", only: "tls" }, captureIo())).toBe(0);
    expect(await probeRun(onlyWeb, { lang: "en", only: "tls", strict: true }, captureIo())).toBe(1);
  });

  it("exit 2 when the run cannot be done: bad profile (line and key shown), unknown probe", async () => {
    const io = captureIo();
    const file = profile(
      "broken.yaml",
      "name: x\nhost: 127.0.0.1\nservices:\n  - { id: a, protocol: gopher, port: 70 }\n",
    );
    expect(await probeRun(file, { lang: "en" }, io)).toBe(2);
    expect(io.stderr()).toContain(`${file}:4:`);
    expect(io.stderr()).toContain("services[0].protocol");
    expect(await probeRun(join(dir.path, "missing.yaml"), { lang: "ja" }, captureIo())).toBe(2);
    const ok = profile("ok2.yaml", "name: x\nhost: 127.0.0.1\n");
    const unknown = captureIo();
    expect(await probeRun(ok, { lang: "en", only: "ports,telnet-brute" }, unknown)).toBe(2);
    expect(unknown.stderr()).toContain("unknown probe");
    const server = profile(
      "server.yaml",
      "name: x\nhost: 127.0.0.1\nservices:\n  - { id: m, protocol: mqtt, port: 1883, auth: { username: d, passwordSecret: pw } }\n",
    );
    const secretIo = captureIo();
    expect(await probeRun(server, { lang: "en" }, secretIo)).toBe(2);
    expect(secretIo.stderr()).toContain("services.m.auth.passwordSecret is for server-side runs");
  });

  it("probe ports: lists open ports (exit 0), FAILs undeclared ones with --declare (exit 1), bad range exit 2", async () => {
    const io = captureIo();
    expect(await probePorts({ host: "127.0.0.1", ports: `${tlsPort},${closed[1]}`, lang: "en" }, io)).toBe(0);
    expect(io.stdout()).toContain(`${tlsPort}/tcp`);
    expect(
      await probePorts(
        { host: "127.0.0.1", ports: `${tlsPort},${httpPort}`, declare: String(tlsPort), lang: "en" },
        captureIo(),
      ),
    ).toBe(1);
    expect(await probePorts({ host: "127.0.0.1", ports: "0-5", lang: "en" }, captureIo())).toBe(2);
  });

  it("declares the commands and options of the issue", () => {
    const probe = probeCommand();
    const run = probe.commands.find((c) => c.name() === "run");
    const ports = probe.commands.find((c) => c.name() === "ports");
    expect(run?.options.map((o) => o.long)).toEqual([
      "--only",
      "--json",
      "--junit",
      "--sarif",
      "--lang",
      "--strict",
      "--files",
      "--upload",
      "--server",
      "--token",
      "--product",
    ]);
    expect(ports?.options.map((o) => o.long)).toEqual(["--host", "--ports", "--declare", "--json", "--lang"]);
  });
});
