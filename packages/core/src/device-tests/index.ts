export * from "./allowlist-settings.ts";
export * from "./device-profile-source.ts";
export * from "./device-profiles.ts";
export * from "./device-run-row.ts";
export * from "./device-runs.ts";
export * from "./device-secrets.ts";
export * from "./execute-device-run.ts";
export * from "./target-allowlist.ts";
