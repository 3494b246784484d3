import { resolve } from "node:path";
import { z } from "zod";
import { publicUrlSchema } from "../settings/public-origin.ts";
import { type ProxyTrust, parseTrustedProxies } from "./trusted-proxies.ts";

/** Every setting of a jcstar instance. Read once at start from the environment (and CLI flags), then frozen. */
export type Config = Readonly<{
  /** Where the SQLite file and (later) evidence files live. */
  dataDir: string;
  /** `postgres://…` for PostgreSQL; undefined for the embedded SQLite. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  /** Extra folders with checklist-version data files. */
  catalogDirs: readonly string[];
  /** Largest JSON request body accepted, in bytes. */
  maxJsonBytes: number;
  /** Largest evidence upload, in bytes (default 2 GiB). */
  maxUploadBytes: number;
  /**
   * Which reverse proxies may set X-Forwarded-For / X-Forwarded-Proto: `JCSTAR_TRUST_PROXY=1` (exactly one hop) or
   * `JCSTAR_TRUSTED_PROXIES` (a CIDR list); none by default. See clientAddress().
   */
  proxyTrust: ProxyTrust;
  /** Japanese font embedded in PDFs (`/path/font.ttc#PostScriptName`); default: Noto Sans CJK JP. */
  pdfFont: string | undefined;
  /** `JCSTAR_PUBLIC_URL`: the origin every link points to (password resets, invitations, registry); wins over the setting. */
  publicUrl: string | undefined;
  /**
   * `JCSTAR_REGISTRY_EXPORT_DIR`: where the static copy of the public registry is kept up to date (issue, revoke,
   * extend, publish, registry settings and key rotation queue an incremental export; docs/static-registry.md).
   */
  registryExportDir: string | undefined;
}>;

const envSchema = z.object({
  JCSTAR_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, "must start with postgres:// or sqlite:")
    .optional(),
  JCSTAR_HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  JCSTAR_CATALOG_DIRS: z.string().optional(),
  JCSTAR_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 4)
    .optional(),
  JCSTAR_MAX_JSON_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .optional(),
  JCSTAR_TRUST_PROXY: z.enum(["0", "1", "true", "false"]).optional(),
  JCSTAR_TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      const parsed = value === undefined ? null : parseTrustedProxies(value);
      if (parsed && !parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
    }),
  JCSTAR_PDF_FONT: z.string().min(1).optional(),
  JCSTAR_PUBLIC_URL: publicUrlSchema.optional(),
  JCSTAR_REGISTRY_EXPORT_DIR: z.string().min(1).optional(),
});

export type ConfigOverrides = Partial<{ dataDir: string; port: number; host: string; databaseUrl: string }>;

/** Thrown at start-up for a bad setting: names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads the configuration; fails fast with the name of any bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    throw new ConfigError(
      `invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const e = parsed.data;
  const oneHop = e.JCSTAR_TRUST_PROXY === "1" || e.JCSTAR_TRUST_PROXY === "true";
  const listed =
    e.JCSTAR_TRUSTED_PROXIES === undefined ? null : parseTrustedProxies(e.JCSTAR_TRUSTED_PROXIES);
  if (oneHop && listed) {
    throw new ConfigError(
      "invalid configuration: JCSTAR_TRUST_PROXY: set either JCSTAR_TRUST_PROXY=1 (one hop) or JCSTAR_TRUSTED_PROXIES (a CIDR list), not both",
    );
  }
  return Object.freeze({
    dataDir: resolve(overrides.dataDir ?? e.JCSTAR_DATA_DIR ?? "data"),
    databaseUrl: overrides.databaseUrl ?? e.DATABASE_URL,
    host: overrides.host ?? e.JCSTAR_HOST ?? "127.0.0.1",
    port: overrides.port ?? e.PORT ?? 8080,
    catalogDirs: Object.freeze(
      (e.JCSTAR_CATALOG_DIRS ?? "")
        .split(":")
        .filter(Boolean)
        .map((d) => resolve(d)),
    ),
    maxJsonBytes: e.JCSTAR_MAX_JSON_BYTES ?? 1024 * 1024,
    maxUploadBytes: e.JCSTAR_MAX_UPLOAD_BYTES ?? 2 * 1024 ** 3,
    proxyTrust: Object.freeze(
      listed?.ok ? listed.trust : oneHop ? { mode: "one-hop" as const } : { mode: "none" as const },
    ),
    pdfFont: e.JCSTAR_PDF_FONT,
    publicUrl: e.JCSTAR_PUBLIC_URL,
    registryExportDir:
      e.JCSTAR_REGISTRY_EXPORT_DIR === undefined ? undefined : resolve(e.JCSTAR_REGISTRY_EXPORT_DIR),
  });
}
