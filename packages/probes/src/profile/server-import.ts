import { parseDocument } from "yaml";
import { parseProfile } from "./load.ts";
import type { Profile } from "./schema.ts";

/** A password a CLI profile reads from the environment, to be picked from (or created in) the secret store. */
export interface NeededSecret {
  /** The service id. */
  service: string;
  username: string | null;
  /** The environment variable the CLI profile named. */
  passwordEnv: string;
  /** The secret name the converted profile now names (`DEMO_PASSWORD` → `demo-password`). */
  secret: string;
}

/** The secret name suggested for an environment variable (a valid secret name: letters, digits, `-`). */
export function secretNameFor(passwordEnv: string): string {
  return passwordEnv.toLowerCase().replaceAll("_", "-").slice(0, 64);
}

/**
 * Converts a CLI profile (what `jcstar demo-device --profile-out` writes, or any `probe run` profile) for a
 * server-side run: it is parsed with the one profile schema first (a ProfileError with lines and keys when it is
 * not a profile at all, or hostile), then every `auth.passwordEnv` becomes `auth.passwordSecret` with a suggested
 * name, listed in `needed`. Comments and layout are kept; JSON comes back as the same document in YAML.
 */
export function toServerProfileSource(
  source: string,
  file = "profile",
): { source: string; profile: Profile; needed: NeededSecret[] } {
  const profile = parseProfile(source, file);
  const doc = parseDocument(source);
  const needed: NeededSecret[] = [];
  profile.services.forEach((s, i) => {
    const env = s.auth?.passwordEnv;
    if (env === undefined) return;
    const secret = secretNameFor(env);
    doc.deleteIn(["services", i, "auth", "passwordEnv"]);
    doc.setIn(["services", i, "auth", "passwordSecret"], secret);
    needed.push({ service: s.id, username: s.auth?.username ?? null, passwordEnv: env, secret });
  });
  return { source: doc.toString({ lineWidth: 0 }), profile, needed };
}
