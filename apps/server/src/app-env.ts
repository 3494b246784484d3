import type { OpenAPIHono } from "@hono/zod-openapi";
import type { CoreDeps, Lang, RequestContext } from "@jcstar/core";

/** What the server needs beyond core: the organisation used until accounts exist, and limits. */
export type AppDeps = CoreDeps & {
  defaultOrgId: string;
  maxJsonBytes: number;
};

/** Hono variables every handler can read. */
export type AppEnv = { Variables: { ctx: RequestContext; lang: Lang; deps: AppDeps } };

export type App = OpenAPIHono<AppEnv>;
