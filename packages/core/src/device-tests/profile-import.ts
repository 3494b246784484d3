import { type NeededSecret, ProfileError, toServerProfileSource } from "@jcstar/probes";
import { z } from "zod";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import {
  MAX_PROFILE_CHARS,
  type ProfileProblem,
  profileErrorToAppError,
  profileProblems,
} from "./device-profile-source.ts";
import { listDeviceSecrets } from "./device-secrets.ts";

export const deviceProfileImportSchema = z
  .object({
    source: z.string().min(1).max(MAX_PROFILE_CHARS),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** What an import gives back: a server-ready profile text to review and save, and the secrets it needs. */
export type ProfileImport = {
  name: string;
  host: string;
  source: string;
  neededSecrets: (NeededSecret & { exists: boolean })[];
  problems: ProfileProblem[];
  /** The converted profile as the schema reads it (defaults filled in): what a form shows. */
  profile: Record<string, unknown>;
};

/**
 * Reads a profile the CLI runs (`jcstar demo-device --profile-out`, `probe run`; YAML or JSON) for a server-side
 * run. Nothing is written: the answer is the converted text (each `passwordEnv` now a `passwordSecret`), the
 * secrets it needs with whether the organisation has them already ("pick or create a device secret"), and what a
 * server run would still refuse (`problems`, e.g. `defaultCredentials.list`). Not a profile, or hostile input:
 * DEVICE_PROFILE_INVALID with every problem's line and key.
 */
export async function importDeviceProfile(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  input: unknown,
): Promise<ProfileImport> {
  const data = parseOrThrow(deviceProfileImportSchema, input);
  const file = data.name ?? "profile";
  let converted: ReturnType<typeof toServerProfileSource>;
  try {
    converted = toServerProfileSource(data.source, file);
  } catch (error) {
    if (error instanceof ProfileError) throw profileErrorToAppError(error, file);
    throw error;
  }
  const have = new Set((await listDeviceSecrets(deps, ctx)).map((s) => s.name));
  const name = (data.name ?? converted.profile.name).slice(0, 200);
  return {
    name,
    host: converted.profile.host,
    source: converted.source,
    neededSecrets: converted.needed.map((n) => ({ ...n, exists: have.has(n.secret) })),
    problems: profileProblems(converted.source, name),
    profile: {
      ...converted.profile,
      services: converted.profile.services.map((s) => {
        const env = s.auth?.passwordEnv;
        if (!s.auth || env === undefined) return s;
        const { passwordEnv: _, ...auth } = s.auth;
        return {
          ...s,
          auth: { ...auth, passwordSecret: converted.needed.find((n) => n.service === s.id)?.secret },
        };
      }),
    },
  };
}
