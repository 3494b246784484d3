import { z } from "zod";
import { credentialsProfileKeys } from "./credentials-schema.ts";
import { checkDeviceKeys, deviceProfileKeys } from "./device-schema.ts";
import { parsePortRange } from "./port-range.ts";

/** Service protocols a profile may name. */
export const SERVICE_PROTOCOLS = ["http", "https", "ssh", "telnet", "ftp", "mqtt", "mqtts"] as const;
export type ServiceProtocol = (typeof SERVICE_PROTOCOLS)[number];

/** Protocols that run over TLS. */
export const TLS_PROTOCOLS: readonly ServiceProtocol[] = ["https", "mqtts"];

const port = z.number().int().min(1).max(65535);

const portRange = z.string().superRefine((value, ctx) => {
  try {
    parsePortRange(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
  }
});

const declaredPort = z.strictObject({
  port,
  protocol: z.enum(["tcp", "udp"]).default("tcp"),
  purpose: z.string().optional(),
});

const auth = z.strictObject({
  type: z.enum(["basic", "form", "none"]).optional(),
  path: z.string().startsWith("/").optional(),
  form: z
    .strictObject({
      usernameField: z.string().min(1),
      passwordField: z.string().min(1),
      failureStatus: z.number().int().min(100).max(599).optional(),
    })
    .optional(),
  username: z.string().min(1).optional(),
  passwordEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
    .optional(),
  /** Server-side runs: the name of a secret in the platform's encrypted secret store holding the password. */
  passwordSecret: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a secret name (letters, digits, '.', '_', '-')")
    .optional(),
});

const service = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '.', '_' and '-' only"),
  protocol: z.enum(SERVICE_PROTOCOLS),
  port,
  auth: auth.optional(),
});

const scan = z.strictObject({
  tcp: portRange.default("1-65535"),
  udp: z.boolean().default(true),
  concurrency: z.number().int().min(1).max(4096).optional(),
  timeoutMs: z.number().int().min(50).max(60_000).optional(),
});

const limits = z.strictObject({
  runSeconds: z.number().int().min(1).max(86_400).optional(),
});

/** The device profile schema (validated input; defaults filled in). */
export const profileSchema = z
  .strictObject({
    name: z.string().min(1),
    host: z.string().min(1),
    declaredPorts: z.array(declaredPort).default([]),
    scan: scan.default({ tcp: "1-65535", udp: true }),
    services: z.array(service).default([]),
    limits: limits.optional(),
    ...deviceProfileKeys,
    ...credentialsProfileKeys,
  })
  .superRefine((profile, ctx) => {
    checkDeviceKeys(profile, ctx);
    const seen = new Set<string>();
    profile.services.forEach((s, i) => {
      if (seen.has(s.id))
        ctx.addIssue({ code: "custom", path: ["services", i, "id"], message: "duplicate id" });
      seen.add(s.id);
      const a = s.auth;
      if (!a) return;
      const isHttp = s.protocol === "http" || s.protocol === "https";
      const at = (key: string) => ["services", i, "auth", key];
      if (!isHttp && a.type !== undefined)
        ctx.addIssue({ code: "custom", path: at("type"), message: "only for http(s) services" });
      if (!isHttp && a.path !== undefined)
        ctx.addIssue({ code: "custom", path: at("path"), message: "only for http(s) services" });
      if (a.type === "form" && a.form === undefined)
        ctx.addIssue({ code: "custom", path: at("form"), message: "required when type is form" });
      if (a.type !== "form" && a.form !== undefined)
        ctx.addIssue({ code: "custom", path: at("form"), message: "only when type is form" });
      if (a.passwordEnv !== undefined && a.username === undefined)
        ctx.addIssue({ code: "custom", path: at("username"), message: "required with passwordEnv" });
      if (a.passwordSecret !== undefined && a.username === undefined)
        ctx.addIssue({ code: "custom", path: at("username"), message: "required with passwordSecret" });
      if (a.passwordSecret !== undefined && a.passwordEnv !== undefined)
        ctx.addIssue({
          code: "custom",
          path: at("passwordSecret"),
          message: "passwordEnv or passwordSecret, not both",
        });
    });
  });

/** A validated device profile. */
export type Profile = z.output<typeof profileSchema>;
/** One service of a profile. */
export type ProfileService = Profile["services"][number];

/** The profile of a server-side run: passwords only from the secret store, no server files. */
export const serverProfileSchema = profileSchema.superRefine((profile, ctx) => {
  profile.services.forEach((s, i) => {
    if (s.auth?.passwordEnv !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["services", i, "auth", "passwordEnv"],
        message: "server-side runs take passwords from the secret store: use passwordSecret",
      });
  });
  if (profile.defaultCredentials?.list !== undefined)
    ctx.addIssue({
      code: "custom",
      path: ["defaultCredentials", "list"],
      message: "server-side runs read no files: put the pairs in extra",
    });
});
