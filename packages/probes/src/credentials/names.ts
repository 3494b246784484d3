/** The login probes, in the order they run (default credentials first, then brute force). */
export const CREDENTIAL_PROBE_NAMES = ["default-credentials", "brute-force"] as const;
export type CredentialProbeName = (typeof CREDENTIAL_PROBE_NAMES)[number];
