import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caSignedCert } from "../testing/certs.ts";
import { nodeTlsProtocols } from "../testing/node-tls.ts";
import { startServer, type TestServer } from "../testing/processes.ts";
import { testsslCommand, testsslProtocols } from "../testing/testssl.ts";
import { runPlaintextCheck } from "./plaintext.ts";
import { runTlsProbe } from "./probe.ts";

const nginx = which("nginx");
const haveNginx = requireTool("nginx", nginx !== null, "nginx not installed (apt install nginx-light)");
const haveOpenssl = requireTool("openssl", which("openssl") !== null, "openssl not installed");
const testssl = testsslCommand(which);
const haveTestssl = requireTool(
  "testssl.sh",
  testssl !== null,
  "testssl.sh not installed (apt install testssl.sh)",
);

describe.skipIf(!haveNginx || !haveOpenssl)(
  "tls probe against nginx (TLS 1.2/1.3 only) and plain HTTP with a login",
  () => {
    const dir = tempDir("jcstar-nginx-");
    let server: TestServer | undefined;
    let tlsPort = 0;
    let plainPort = 0;

    beforeAll(async () => {
      const cert = caSignedCert(dir.path, "nginx");
      [tlsPort, plainPort] = [await freePort(), await freePort()];
      const tmp = join(dir.path, "tmp");
      mkdirSync(tmp);
      const conf = join(dir.path, "nginx.conf");
      writeFileSync(
        conf,
        `worker_processes 1;
user root;
error_log ${dir.path}/error.log;
pid ${dir.path}/nginx.pid;
events { worker_connections 128; }
http {
  access_log off;
  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy; fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;
  server {
    listen 127.0.0.1:${tlsPort} ssl;
    ssl_certificate ${cert.cert};
    ssl_certificate_key ${cert.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
    location / { return 200 "ok\\n"; }
  }
  server {
    listen 127.0.0.1:${plainPort};
    location / { add_header WWW-Authenticate 'Basic realm="cam"' always; return 401; }
  }
}
`,
      );
      server = await startServer(
        nginx as string,
        ["-p", dir.path, "-e", `${dir.path}/error.log`, "-c", conf, "-g", "daemon off;"],
        tlsPort,
      );
    });
    afterAll(async () => {
      await server?.stop();
      dir.cleanup();
    });

    it("accepts only TLS 1.2 and 1.3, no weak suites, and a valid EC certificate", async () => {
      const r = await runTlsProbe({
        address: "127.0.0.1",
        hostName: "localhost",
        service: { id: "web", port: tlsPort, protocol: "https" },
      });
      expect(r.findings.protocols).toEqual({
        SSLv2: false,
        SSLv3: false,
        TLSv1: false,
        "TLSv1.1": false,
        "TLSv1.2": true,
        "TLSv1.3": true,
      });
      expect(r.findings.weakCiphers).toEqual([]);
      expect(r.units.filter((u) => u.verdict === "FAIL")).toEqual([]);
      expect(r.findings.certificate).toMatchObject({
        keyType: "EC",
        keyBits: 256,
        selfSigned: false,
        hostnameMatches: true,
        expired: false,
      });
      // A private CA is not in the default store: a reviewer decides (INCONCLUSIVE), it is no FAIL.
      expect(r.verdict).toBe("INCONCLUSIVE");
      expect(r.findings.protocols).toMatchObject(await nodeTlsProtocols(tlsPort));
    });

    it("plain HTTP that asks for a login FAILs", async () => {
      const r = await runPlaintextCheck({
        address: "127.0.0.1",
        service: { id: "http", port: plainPort, protocol: "http" },
      });
      expect(r.verdict).toBe("FAIL");
      expect(r.findings).toMatchObject({ tls: false, login: "401 / WWW-Authenticate" });
      expect(r.summary.en).toContain(String(plainPort));
    });

    it.skipIf(!haveTestssl)("finds the same protocols as testssl.sh", { timeout: 300_000 }, async () => {
      const ours = await runTlsProbe({
        address: "127.0.0.1",
        hostName: "localhost",
        service: { id: "web", port: tlsPort, protocol: "https" },
      });
      expect(ours.findings.protocols).toEqual(await testsslProtocols(testssl as string, tlsPort, dir.path));
    });
  },
);
