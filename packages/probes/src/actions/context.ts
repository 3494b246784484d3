import { isAbsolute, resolve } from "node:path";
import type { Profile, ProfileService } from "../profile/schema.ts";
import type { Bilingual } from "../result/types.ts";

/** Asks the tester to do something and waits: true when done, false when the tester skipped it. */
export type Prompter = (message: Bilingual) => Promise<boolean>;

/** Everything the device-behaviour probes share for one run against one device. */
export interface DeviceContext {
  profile: Profile;
  /** The profile host, resolved once: every connection goes to this address. */
  address: string;
  /** Folder that relative file paths of the profile (keys, images) are read from. */
  baseDir: string;
  /** Environment holding the passwords named by `passwordEnv` (default process.env). */
  env: Record<string, string | undefined>;
  /** Epoch ms after which nothing new is started. */
  deadline: number;
  /** Per-request time limit in ms. */
  timeoutMs: number;
  /** Present only in interactive runs; prompt actions are NOT_RUN without it. */
  prompt?: Prompter;
  onProgress?: (message: Bilingual) => void;
  /**
   * A secret the tester must see once (the fresh password the reset probe set on the device).
   * It is never written into results.
   */
  onSecret?: (label: Bilingual, value: string) => void;
  /** Passwords changed during the run (service id → password), e.g. by the reset probe. */
  passwords: Map<string, string>;
  /** Poll interval while waiting for a device (default 250 ms). */
  pollMs?: number;
}

/** Options to build a DeviceContext. */
export interface DeviceContextOptions {
  baseDir?: string;
  env?: Record<string, string | undefined>;
  deadline?: number;
  timeoutMs?: number;
  prompt?: Prompter;
  onProgress?: (message: Bilingual) => void;
  onSecret?: (label: Bilingual, value: string) => void;
  pollMs?: number;
}

export function createDeviceContext(
  profile: Profile,
  address: string,
  options: DeviceContextOptions = {},
): DeviceContext {
  return {
    profile,
    address,
    baseDir: options.baseDir ?? process.cwd(),
    env: options.env ?? process.env,
    deadline: options.deadline ?? Date.now() + 1_800_000,
    timeoutMs: options.timeoutMs ?? 5000,
    passwords: new Map(),
    ...(options.prompt ? { prompt: options.prompt } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onSecret ? { onSecret: options.onSecret } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  };
}

const KIND_PROTOCOLS = {
  http: ["http", "https"],
  mqtt: ["mqtt", "mqtts"],
  ssh: ["ssh"],
} as const;
export type ServiceKind = keyof typeof KIND_PROTOCOLS;

/** The service `ref`, or the first service of that kind (the schema made sure one exists). */
export function serviceFor(ctx: DeviceContext, kind: ServiceKind, ref?: string): ProfileService {
  const protocols: readonly string[] = KIND_PROTOCOLS[kind];
  const found = ref
    ? ctx.profile.services.find((s) => s.id === ref)
    : ctx.profile.services.find((s) => protocols.includes(s.protocol));
  if (!found) throw new Error(`no ${kind} service${ref ? ` ${ref}` : ""} in the profile`);
  return found;
}

/** A username and password. */
export interface Credentials {
  username: string;
  password: string;
}

/** The user-set credential of a service (auth.username + the password in auth.passwordEnv), if configured. */
export function credentialsOf(ctx: DeviceContext, service: ProfileService): Credentials | undefined {
  const username = service.auth?.username;
  if (!username) return undefined;
  const changed = ctx.passwords.get(service.id);
  if (changed !== undefined) return { username, password: changed };
  const env = service.auth?.passwordEnv;
  const password = env ? ctx.env[env] : undefined;
  return password === undefined ? undefined : { username, password };
}

/** A profile-relative path made absolute. */
export function profilePath(ctx: DeviceContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.baseDir, path);
}

/**
 * Well-known factory logins tried after a restart or reset (a short list on purpose: every try counts
 * against the device's lockout). From Mirai's list and SecLists default-passwords.csv.
 */
export const DEFAULT_LOGINS: readonly Credentials[] = [
  { username: "admin", password: "admin" },
  { username: "admin", password: "password" },
  { username: "root", password: "root" },
];

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
