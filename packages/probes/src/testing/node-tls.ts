import { connect, type SecureVersion } from "node:tls";
import type { ProtocolName } from "../tls/versions.ts";

const NODE_VERSIONS: ReadonlyArray<[ProtocolName, SecureVersion]> = [
  ["TLSv1", "TLSv1"],
  ["TLSv1.1", "TLSv1.1"],
  ["TLSv1.2", "TLSv1.2"],
  ["TLSv1.3", "TLSv1.3"],
];

/**
 * An independent oracle for tests: which of TLS 1.0 … 1.3 node:tls (OpenSSL) can complete a
 * handshake with on 127.0.0.1:port, one version at a time, legacy suites allowed.
 */
export async function nodeTlsProtocols(port: number): Promise<Partial<Record<ProtocolName, boolean>>> {
  const out: Partial<Record<ProtocolName, boolean>> = {};
  for (const [name, version] of NODE_VERSIONS) {
    out[name] = await new Promise<boolean>((resolve) => {
      const socket = connect({
        host: "127.0.0.1",
        port,
        minVersion: version,
        maxVersion: version,
        ciphers: "ALL:@SECLEVEL=0",
        rejectUnauthorized: false,
      });
      const timer = setTimeout(() => finish(false), 5000);
      function finish(ok: boolean) {
        clearTimeout(timer);
        socket.destroy();
        resolve(ok);
      }
      socket.once("secureConnect", () => finish(true));
      socket.once("error", () => finish(false));
    });
  }
  return out;
}
