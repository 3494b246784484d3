import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifyService } from "../ports/identify.ts";
import { runPortsProbe } from "../ports/probe.ts";
import { caSignedCert } from "../testing/certs.ts";
import { nodeTlsProtocols } from "../testing/node-tls.ts";
import { startServer, type TestServer, waitForPort } from "../testing/processes.ts";
import { runPlaintextCheck } from "./plaintext.ts";
import { runTlsProbe } from "./probe.ts";

const mosquitto = which("mosquitto");
const haveMosquitto = requireTool(
  "mosquitto",
  mosquitto !== null,
  "mosquitto not installed (apt install mosquitto)",
);
const haveOpenssl = requireTool("openssl", which("openssl") !== null, "openssl not installed");

describe.skipIf(!haveMosquitto || !haveOpenssl)(
  "mosquitto: anonymous plain listener and a TLS listener",
  () => {
    const dir = tempDir("jcstar-mosquitto-");
    let server: TestServer | undefined;
    let plain = 0;
    let tls = 0;

    beforeAll(async () => {
      const cert = caSignedCert(dir.path, "broker");
      [plain, tls] = [await freePort(), await freePort()];
      const conf = join(dir.path, "mosquitto.conf");
      writeFileSync(
        conf,
        [
          "user root",
          "persistence false",
          "log_dest stderr",
          "per_listener_settings true",
          `listener ${plain} 127.0.0.1`,
          "allow_anonymous true",
          `listener ${tls} 127.0.0.1`,
          "allow_anonymous true",
          `certfile ${cert.cert}`,
          `keyfile ${cert.key}`,
          "",
        ].join("\n"),
      );
      server = await startServer(mosquitto as string, ["-c", conf], plain);
      await waitForPort(tls);
    });
    afterAll(async () => {
      await server?.stop();
      dir.cleanup();
    });

    it("identifies MQTT that lets anonymous clients in, and the TLS listener as TLS", async () => {
      expect(await identifyService("127.0.0.1", plain)).toMatchObject({
        service: "mqtt",
        authentication: "none",
        banner: "CONNACK rc=0",
      });
      expect(await identifyService("127.0.0.1", tls)).toMatchObject({ service: "tls", method: "probe" });
    });

    it("the ports probe calls out anonymous MQTT and FAILs the undeclared port", async () => {
      const r = await runPortsProbe({
        address: "127.0.0.1",
        tcpPorts: [plain, tls],
        declared: [{ port: tls, protocol: "tcp" }],
        udp: false,
      });
      expect(r.findings).toMatchObject({
        openTcpPorts: [plain, tls].sort((a, b) => a - b),
        undeclared: [plain],
      });
      expect(r.units.find((u) => u.id === "insecure-services")).toMatchObject({ verdict: "FAIL" });
      expect(r.summary.en).toContain(`${plain}/tcp (mqtt)`);
      expect(r.verdict).toBe("FAIL");
    });

    it("MQTT without TLS FAILs as plaintext; MQTT over TLS has only modern protocols", async () => {
      const p = await runPlaintextCheck({
        address: "127.0.0.1",
        service: { id: "mqtt", port: plain, protocol: "mqtt" },
      });
      expect(p.verdict).toBe("FAIL");
      const t = await runTlsProbe({
        address: "127.0.0.1",
        hostName: "127.0.0.1",
        service: { id: "mqtts", port: tls, protocol: "mqtts" },
      });
      expect(t.findings.protocols).toMatchObject({ SSLv2: false, SSLv3: false, "TLSv1.2": true });
      expect(t.findings.protocols).toMatchObject(await nodeTlsProtocols(tls));
      expect(t.findings.certificate).toMatchObject({ hostnameMatches: true, selfSigned: false });
    });
  },
);
