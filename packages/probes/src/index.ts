/**
 * @jcstar/probes — the device-test harness: device profiles, probes (ports, tls), results JSON
 * and report writers. No database: the platform stores what this package writes.
 */

export { identifyService, type ServiceGuess } from "./ports/identify.ts";
export { type CalledOut, type PortsProbeOptions, runPortsProbe } from "./ports/probe.ts";
export { scanTcp, type TcpScanOptions, type TcpScanResult } from "./ports/tcp-scan.ts";
export { checkAllUdp, checkUdp, UDP_CHECKS, type UdpCheckResult, type UdpService } from "./ports/udp.ts";
export * from "./profile/index.ts";
export * from "./report/index.ts";
export * from "./result/index.ts";
export * from "./run/index.ts";
export type { CertificateFindings } from "./tls/certificate.ts";
export { WEAK_CATEGORIES, type WeakCategory } from "./tls/cipher-suites.ts";
export { type HelloOutcome, tryHello } from "./tls/handshake.ts";
export { runPlaintextCheck } from "./tls/plaintext.ts";
export { runTlsProbe, type TlsProbeOptions } from "./tls/probe.ts";
export { PROTOCOLS, type ProtocolName } from "./tls/versions.ts";
