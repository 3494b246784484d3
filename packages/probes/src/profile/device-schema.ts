import { z } from "zod";

/**
 * Profile keys of the device-behaviour probes (device-info, firmware-integrity, persistence,
 * reset): `info`, `update`, `actions`, `state`. Custom messages carry both languages
 * (`English / 日本語`) because they are not in the shared message table.
 */

const serviceId = z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '.', '_' and '-' only");
const port = z.number().int().min(1).max(65535);

const regex = z.string().superRefine((value, ctx) => {
  try {
    new RegExp(value);
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: `invalid regular expression / 正規表現が不正です: ${(error as Error).message}`,
    });
  }
});

/** A dotted path into a JSON answer, e.g. `firmware`, `device.model`, `items.0.name`. */
const jsonPath = z.string().min(1);

const httpRead = z.strictObject({
  /** The profile service to ask (default: the first http/https service). */
  service: serviceId.optional(),
  path: z.string().startsWith("/"),
  json: jsonPath.optional(),
  regex: regex.optional(),
  expect: z.literal("nonEmpty").optional(),
});

const mqttRead = z.strictObject({
  service: serviceId.optional(),
  topic: z.string().min(1),
  json: jsonPath.optional(),
  regex: regex.optional(),
  expect: z.literal("nonEmpty").optional(),
});

const sshRead = z.strictObject({
  service: serviceId.optional(),
  command: z.string().min(1),
  regex: regex.optional(),
});

const snmpRead = z.union([
  z.literal("sysDescr"),
  z.strictObject({
    oid: z.literal("sysDescr").default("sysDescr"),
    port: port.default(161),
    community: z.string().min(1).default("public"),
    regex: regex.optional(),
  }),
]);

const EXACTLY_ONE_SOURCE =
  "exactly one of http, mqtt, ssh, snmp / http・mqtt・ssh・snmp のいずれか 1 つを指定してください";

/** Where a value is read from: `{ http: … }`, `{ mqtt: … }`, `{ ssh: … }` or `{ snmp: sysDescr }`. */
export const sourceSchema = z
  .strictObject({
    http: httpRead.optional(),
    mqtt: mqttRead.optional(),
    ssh: sshRead.optional(),
    snmp: snmpRead.optional(),
    /** The factory value of a setting (the reset probe then expects exactly this after a reset). */
    factory: z.union([z.string(), z.number(), z.boolean()]).optional(),
  })
  .superRefine((s, ctx) => {
    const n = [s.http, s.mqtt, s.ssh, s.snmp].filter((v) => v !== undefined).length;
    if (n !== 1) ctx.addIssue({ code: "custom", message: EXACTLY_ONE_SOURCE });
  });
export type ValueSource = z.output<typeof sourceSchema>;

const infoSchema = z.strictObject({
  model: sourceSchema.optional(),
  version: sourceSchema.optional(),
  /** What the device should report: the product record's model and the latest release. */
  expect: z
    .strictObject({
      model: z.string().min(1).optional(),
      latestVersion: z.string().min(1).optional(),
      /** A signed version manifest (JSON) and the key that signed it; the signature is at `signatureUrl` (default `url` + `.sig`). */
      manifest: z
        .strictObject({
          url: z.url({ protocol: /^https?$/ }),
          signatureUrl: z.url({ protocol: /^https?$/ }).optional(),
          publicKey: z.string().min(1),
          /** SHA-256 of the server's certificate (hex, colons optional): a self-signed https device pinned instead of the CA store. */
          certificateSha256: z
            .string()
            .regex(
              /^[0-9A-Fa-f]{2}(:?[0-9A-Fa-f]{2}){31}$/,
              "64 hex digits (colons optional) / 16 進 64 桁（コロン区切り可）",
            )
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

const updateSchema = z
  .strictObject({
    endpoint: z.strictObject({
      service: serviceId.optional(),
      method: z.enum(["POST", "PUT"]).default("POST"),
      path: z.string().startsWith("/"),
      /** `raw`: the image is the body, the signature (base64) in a header; `multipart`: two form fields. */
      format: z.enum(["raw", "multipart"]).default("raw"),
      signatureHeader: z.string().min(1).default("X-Signature"),
      imageField: z.string().min(1).default("image"),
      signatureField: z.string().min(1).default("signature"),
    }),
    /** The maker's verification key (PEM: Ed25519, ECDSA P-256 or RSA), relative to the profile file. */
    publicKey: z.string().min(1),
    image: z.string().min(1),
    /** Detached signature of `image` (raw bytes or base64 text). */
    signature: z.string().min(1).optional(),
    /** A signed manifest of hashes (JSON) instead of, or besides, a detached signature. */
    manifest: z.string().min(1).optional(),
    manifestSignature: z.string().min(1).optional(),
    /** The version the device reports after installing `image` (checked after the positive control). */
    expectVersion: z.string().min(1).optional(),
    /** Must be set true by the user: a device that wrongly accepts a tampered image will flash it. */
    allowActive: z.boolean().default(false),
    /** Bounded wait for the device to answer again after an upload. */
    settleSeconds: z.number().int().min(0).max(600).default(30),
  })
  .superRefine((u, ctx) => {
    if (u.signature === undefined && u.manifest === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["signature"],
        message: "signature or manifest is required / signature か manifest が必要です",
      });
    if ((u.manifest === undefined) !== (u.manifestSignature === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["manifestSignature"],
        message:
          "manifest and manifestSignature go together / manifest と manifestSignature は対で指定します",
      });
  });

const httpAction = z.strictObject({
  service: serviceId.optional(),
  method: z.enum(["GET", "POST", "PUT", "DELETE"]).default("POST"),
  path: z.string().startsWith("/"),
  /** JSON body; strings may contain `{{newPassword}}` (and `{{username}}`). */
  json: z.unknown().optional(),
  /** Send the service's credentials (default true; the set-up after a reset has none yet). */
  auth: z.boolean().optional(),
});

const EXACTLY_ONE_ACTION =
  "exactly one of http, command, prompt / http・command・prompt のいずれか 1 つを指定してください";

/** Something done to the device: an HTTP request, a local shell command, or a request to the tester. */
export const actionSchema = z
  .strictObject({
    http: httpAction.optional(),
    /** A local shell command run with /bin/sh -c (bounded by timeoutSeconds). */
    command: z.string().min(1).optional(),
    prompt: z.strictObject({ ja: z.string().min(1), en: z.string().min(1) }).optional(),
    timeoutSeconds: z.number().int().min(1).max(3600).default(60),
    /** Bounded wait for the device to answer again after the action. */
    waitSeconds: z.number().int().min(0).max(3600).default(60),
  })
  .superRefine((a, ctx) => {
    const n = [a.http, a.command, a.prompt].filter((v) => v !== undefined).length;
    if (n !== 1) ctx.addIssue({ code: "custom", message: EXACTLY_ONE_ACTION });
  });
export type DeviceAction = z.output<typeof actionSchema>;

const actionsSchema = z.strictObject({
  restart: actionSchema.optional(),
  reset: actionSchema.optional(),
  setup: actionSchema.optional(),
});

const stateSchema = z.strictObject({
  settings: z.array(sourceSchema).default([]),
  userData: z.array(sourceSchema).default([]),
});

/** The device-behaviour keys, spread into the profile schema. */
export const deviceProfileKeys = {
  info: infoSchema.optional(),
  update: updateSchema.optional(),
  actions: actionsSchema.optional(),
  state: stateSchema.optional(),
};

interface DeviceKeysInput {
  services: { id: string; protocol: string }[];
  info?: z.output<typeof infoSchema> | undefined;
  update?: z.output<typeof updateSchema> | undefined;
  actions?: z.output<typeof actionsSchema> | undefined;
  state?: z.output<typeof stateSchema> | undefined;
}

const KIND_PROTOCOLS: Record<string, readonly string[]> = {
  http: ["http", "https"],
  mqtt: ["mqtt", "mqtts"],
  ssh: ["ssh"],
};

/** Cross-checks of the device keys: every `service:` names a service of the right protocol, or one exists. */
export function checkDeviceKeys(profile: DeviceKeysInput, ctx: z.RefinementCtx): void {
  const check = (kind: string, ref: string | undefined, path: (string | number)[]) => {
    const protocols = KIND_PROTOCOLS[kind];
    if (!protocols) return;
    const found = ref
      ? profile.services.find((s) => s.id === ref)
      : profile.services.find((s) => protocols.includes(s.protocol));
    if (!found)
      ctx.addIssue({
        code: "custom",
        path: ref ? [...path, "service"] : path,
        message: ref
          ? `no service with id ${ref} / id ${ref} のサービスがありません`
          : `needs a ${protocols.join("/")} service in services / services に ${protocols.join("/")} のサービスが必要です`,
      });
    else if (!protocols.includes(found.protocol))
      ctx.addIssue({
        code: "custom",
        path: [...path, "service"],
        message: `service ${ref} is not ${protocols.join("/")} / サービス ${ref} は ${protocols.join("/")} ではありません`,
      });
  };
  const source = (s: ValueSource | undefined, path: (string | number)[]) => {
    if (!s) return;
    if (s.http) check("http", s.http.service, [...path, "http"]);
    if (s.mqtt) check("mqtt", s.mqtt.service, [...path, "mqtt"]);
    if (s.ssh) check("ssh", s.ssh.service, [...path, "ssh"]);
  };
  source(profile.info?.model, ["info", "model"]);
  source(profile.info?.version, ["info", "version"]);
  profile.state?.settings.forEach((s, i) => {
    source(s, ["state", "settings", i]);
  });
  profile.state?.userData.forEach((s, i) => {
    source(s, ["state", "userData", i]);
  });
  if (profile.update) check("http", profile.update.endpoint.service, ["update", "endpoint"]);
  for (const key of ["restart", "reset", "setup"] as const) {
    const a = profile.actions?.[key];
    if (a?.http) check("http", a.http.service, ["actions", key, "http"]);
  }
}
