export { formatKeyPath, ProfileError, type ProfileIssue } from "./errors.ts";
export {
  flowDepth,
  loadProfileFile,
  MAX_PROFILE_ALIASES,
  MAX_PROFILE_BYTES,
  MAX_PROFILE_NESTING,
  type ParseProfileOptions,
  parseProfile,
} from "./load.ts";
export { formatPortList, parsePortRange } from "./port-range.ts";
export {
  type Profile,
  type ProfileService,
  profileSchema,
  SERVICE_PROTOCOLS,
  type ServiceProtocol,
  serverProfileSchema,
  TLS_PROTOCOLS,
} from "./schema.ts";
export { type NeededSecret, secretNameFor, toServerProfileSource } from "./server-import.ts";
export { isServerDefaultScan, SERVER_SCAN_TCP, serverScanRange } from "./server-scan.ts";
