import { type Profile, ProfileError, type ProfileIssue, parseProfile } from "@jcstar/probes";
import { AppError } from "../errors/app-error.ts";

/** Profile texts are small; a bound keeps the parser and the table sane. */
export const MAX_PROFILE_CHARS = 200_000;

/** A problem of a stored profile text, located by line, column and key path (ja and en). */
export type ProfileProblem = ProfileIssue;

/**
 * Validates a profile text for a server-side run with the harness's own parser (every problem with its line and
 * key); server runs also refuse `passwordEnv` and `defaultCredentials.list`. Returns the problems (empty = valid).
 */
export function profileProblems(source: string, name: string): ProfileProblem[] {
  try {
    parseProfile(source, name, { server: true });
    return [];
  } catch (error) {
    if (error instanceof ProfileError) return error.issues;
    throw error;
  }
}

/** A ProfileError as DEVICE_PROFILE_INVALID (422) with every problem's line, column and key as a detail. */
export function profileErrorToAppError(error: ProfileError, name: string): AppError {
  return new AppError(
    "DEVICE_PROFILE_INVALID",
    { name, count: error.issues.length },
    error.issues.map((i) => ({
      path: i.key || "(document)",
      message: {
        ja: `${i.line} 行 ${i.column} 列: ${i.message.ja}`,
        en: `line ${i.line}, column ${i.column}: ${i.message.en}`,
      },
    })),
  );
}

/** Parses a stored profile text for a server-side run, or throws DEVICE_PROFILE_INVALID with line-located details. */
export function parseServerProfile(source: string, name: string): Profile {
  try {
    return parseProfile(source, name, { server: true });
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    throw profileErrorToAppError(error, name);
  }
}

/** The secret names a profile refers to (`services[].auth.passwordSecret`), each once. */
export function profileSecretNames(profile: Profile): string[] {
  return [
    ...new Set(profile.services.flatMap((s) => (s.auth?.passwordSecret ? [s.auth.passwordSecret] : []))),
  ];
}

/**
 * Hands the secrets to the harness the way it reads passwords: each `passwordSecret` becomes a `passwordEnv`
 * naming an entry of a private environment object (never process.env). The profile text is not changed.
 */
export function bindSecrets(
  profile: Profile,
  values: ReadonlyMap<string, string>,
): { profile: Profile; env: Record<string, string> } {
  const env: Record<string, string> = {};
  const services = profile.services.map((s, i) => {
    const name = s.auth?.passwordSecret;
    if (!s.auth || name === undefined) return s;
    const value = values.get(name);
    const envName = `JCSTAR_SECRET_${i}`;
    if (value !== undefined) env[envName] = value;
    const { passwordSecret: _, ...auth } = s.auth;
    return { ...s, auth: { ...auth, passwordEnv: envName } };
  });
  return { profile: { ...profile, services }, env };
}
