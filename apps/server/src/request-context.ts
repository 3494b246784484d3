import type { MiddlewareHandler } from "hono";
import type { AppDeps, AppEnv } from "./app-env.ts";
import { requestLang } from "./error-handler.ts";

/**
 * Builds the request context of every route: caller, organisation, language.
 * Until accounts exist the caller is the local operator of a single-organisation instance;
 * the accounts feature replaces only this middleware.
 */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const lang = requestLang(c);
    c.set("deps", deps);
    c.set("lang", lang);
    c.set("ctx", { orgId: deps.defaultOrgId, actor: { id: null, name: "local" }, lang });
    await next();
  };
}
