import { isMap, isSeq, parseDocument } from "yaml";

/** Where the reference device listens, for its profile. */
export interface DemoProfileTarget {
  host: string;
  port: number;
  /** With --tls: the SHA-256 of the device's own certificate, pinned for the manifest check. */
  certificateSha256?: string;
}

/**
 * The reference device's example profile (examples/demo-device-profile.yaml, as text) re-targeted at
 * one running device: its host and port everywhere, and with TLS the web service as `https`, the
 * manifest URL as https and the certificate's SHA-256 pinned in `info.expect.manifest`. Comments are
 * kept. The example's own host and port (127.0.0.1, 8480) are the ones replaced.
 */
export function demoDeviceProfile(exampleYaml: string, target: DemoProfileTarget): string {
  const doc = parseDocument(exampleYaml.replaceAll("8480", String(target.port)));
  const urlHost = target.host.includes(":") ? `[${target.host}]` : target.host;
  const scheme = target.certificateSha256 ? "https" : "http";
  doc.setIn(["host"], target.host);
  const services = doc.getIn(["services"]);
  if (isSeq(services))
    for (const s of services.items) if (isMap(s) && s.get("protocol") === "http") s.set("protocol", scheme);
  const manifest = ["info", "expect", "manifest"];
  doc.setIn([...manifest, "url"], `${scheme}://${urlHost}:${target.port}/releases/manifest.json`);
  if (target.certificateSha256) doc.setIn([...manifest, "certificateSha256"], target.certificateSha256);
  return doc.toString({ lineWidth: 0 });
}
