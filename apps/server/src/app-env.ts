import type { OpenAPIHono } from "@hono/zod-openapi";
import type {
  AuthPolicy,
  BlobStore,
  CoreDeps,
  InstanceKey,
  InstanceRole,
  Lang,
  OrgRole,
  PlatformEndpoints,
  ProxyTrust,
  RequestContext,
  Signer,
  User,
} from "@jcstar/core";

/** What the server needs beyond core, built once in start-server.ts. */
export type AppDeps = CoreDeps & {
  instanceKey: InstanceKey;
  authPolicy: AuthPolicy;
  maxJsonBytes: number;
  /** Which reverse proxies may set X-Forwarded-For/-Proto (config `proxyTrust`; see clientAddress). */
  proxyTrust: ProxyTrust;
  /** The folder of the built web app (served from the same origin), or null. */
  webDir: string | null;
  /** The data folder: evidence files, signed audit checkpoints, public key. */
  dataDir: string;
  blobs: BlobStore;
  maxUploadBytes: number;
  /** Signs audit checkpoints (Ed25519, private key encrypted at rest). */
  signer: Signer;
  /**
   * The platform's own endpoints (the ports this server listens on, its database), never a device-run target.
   * start-server.ts fills it once the port is bound.
   */
  platform: PlatformEndpoints;
  /** The password check (default core's `verifyPassword`); tests inject a counting one. */
  verifyPassword?: ((password: string, stored: string) => Promise<boolean>) | undefined;
  /** `JCSTAR_REGISTRY_EXPORT_DIR`: the static copy of the public registry kept up to date by jobs, if any. */
  registryExportDir?: string | undefined;
  /** Japanese font for PDFs (`JCSTAR_PDF_FONT`); default Noto Sans CJK JP. */
  pdfFont?: string | undefined;
};

/** Who is calling, as the auth middleware found out. */
export type Caller =
  | { kind: "anonymous" }
  | {
      kind: "user";
      user: User;
      via: "session" | "token";
      sessionId: string | null;
      csrfToken: string | null;
      tokenScope: "read" | "write" | null;
    };

/** Hono variables every handler can read. */
export type AppEnv = {
  Variables: {
    deps: AppDeps;
    lang: Lang;
    caller: Caller;
    /** Set for organisation-scoped routes. */
    ctx: RequestContext;
    orgRole: OrgRole | null;
    instanceRole: InstanceRole;
  };
};

export type App = OpenAPIHono<AppEnv>;
