/**
 * @jcstar/probes — the device-test harness: device profiles, probes (ports, tls), results JSON
 * and report writers. No database: the platform stores what this package writes.
 */

export { createDeviceContext, type DeviceContext, type Prompter } from "./actions/context.ts";
export { DEVICE_PROBE_NAMES, type DeviceProbeName } from "./actions/names.ts";
export { type DeviceRunOptions, runDeviceProbes, runFullProfile } from "./actions/run-device.ts";
export { type BruteForceOptions, runBruteForceProbe } from "./brute-force/probe.ts";
export { type CredentialPair, shippedList } from "./credentials/list.ts";
export { type DefaultCredentialsOptions, runDefaultCredentialsProbe } from "./credentials/probe.ts";
export { CREDENTIAL_PROBE_NAMES, type CredentialProbeName, runCredentialProbes } from "./credentials/run.ts";
export type { Attempt, Outcome } from "./credentials/session.ts";
export * from "./demo-device/index.ts";
export { compareVersions, type DeviceExpectation, runDeviceInfoProbe } from "./device-info/probe.ts";
export { runFirmwareIntegrityProbe } from "./firmware-integrity/probe.ts";
export { algorithmOf, checkManifest, parsePublicKey, verifySignature } from "./firmware-integrity/verify.ts";
export { type GuideAnswer, type GuideAttachment, guideResult } from "./guide/result.ts";
export { GUIDES, type Guide, type GuideStep, guideFor } from "./guide/steps.ts";
export { type GuideIo, walkGuide } from "./guide/walk.ts";
export { importNmapXml, importTestsslJson } from "./import/index.ts";
export { runPersistenceProbe } from "./persistence/probe.ts";
export { identifyService, type ServiceGuess } from "./ports/identify.ts";
export { type CalledOut, type PortsProbeOptions, runPortsProbe } from "./ports/probe.ts";
export { scanTcp, type TcpScanOptions, type TcpScanResult } from "./ports/tcp-scan.ts";
export { checkAllUdp, checkUdp, UDP_CHECKS, type UdpCheckResult, type UdpService } from "./ports/udp.ts";
export * from "./profile/index.ts";
export * from "./report/index.ts";
export { runResetProbe } from "./reset/probe.ts";
export * from "./result/index.ts";
export * from "./run/index.ts";
export {
  type CriterionCoverage,
  criteriaCoverage,
  criteriaLeftOver,
  type LeftTo,
  PROBE_CRITERIA,
  type ProbeCriteria,
} from "./run/probe-criteria.ts";
export type { CertificateFindings } from "./tls/certificate.ts";
export { WEAK_CATEGORIES, type WeakCategory } from "./tls/cipher-suites.ts";
export { type HelloOutcome, tryHello } from "./tls/handshake.ts";
export { runPlaintextCheck } from "./tls/plaintext.ts";
export { runTlsProbe, type TlsProbeOptions } from "./tls/probe.ts";
export { PROTOCOLS, type ProtocolName } from "./tls/versions.ts";
