/**
 * The one fetch client of the web app: same-origin cookies, the chosen language (so that server errors
 * come back in it), the CSRF token for writes and the chosen organisation. Every failure becomes an ApiError.
 * `client` is typed from the server's OpenAPI document (schema.gen.ts, `npm run gen:api`): every call names a
 * documented path, and its parameters, body and answer are checked against the server's route definitions.
 */

import createClient from "openapi-fetch";
import type { components, paths } from "./schema.gen.ts";

/** The API's named shapes, as the server documents them: `Schemas["Product"]`. */
export type Schemas = components["schemas"];

export type ErrorDetail = { path: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** Seconds from a Retry-After header (LOCKED_OUT), or null. */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: ErrorDetail[] = [],
    retryAfter = null as number | null,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

const state = { lang: "ja", csrfToken: null as string | null, orgId: null as string | null };
const unauthenticatedListeners = new Set<() => void>();

export function setApiLanguage(lang: string): void {
  state.lang = lang;
}

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

const ORG_KEY = "jcstar.orgId";

/** The organisation sent as X-Jcstar-Org; remembered for the browser tab. */
export function setOrgId(orgId: string | null): void {
  state.orgId = orgId;
  if (orgId) sessionStorage.setItem(ORG_KEY, orgId);
  else sessionStorage.removeItem(ORG_KEY);
}

/**
 * A URL for a plain link or element (download, <img>, <video>) that cannot send X-Jcstar-Org: the
 * organisation goes in `?org=` instead, which the server accepts on GET requests.
 */
export function withOrg(url: string): string {
  if (!state.orgId) return url;
  return `${url}${url.includes("?") ? "&" : "?"}org=${encodeURIComponent(state.orgId)}`;
}

export function storedOrgId(): string | null {
  return sessionStorage.getItem(ORG_KEY);
}

/** Called whenever an API call answers 401 UNAUTHENTICATED (an expired or missing session). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The headers every API call sends (language, organisation, CSRF token on writes), for XHR and raw fetches. */
export function apiHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": state.lang };
  if (state.orgId) headers["X-Jcstar-Org"] = state.orgId;
  if (WRITE_METHODS.has(method) && state.csrfToken) headers["X-CSRF-Token"] = state.csrfToken;
  return headers;
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === "object"
    ? Object.getOwnPropertyDescriptor(value, name)?.value
    : undefined;
}

function isErrorDetail(value: unknown): value is ErrorDetail {
  return typeof field(value, "path") === "string" && typeof field(value, "message") === "string";
}

/** An ApiError from an error answer's status and JSON body; 401 UNAUTHENTICATED is reported to the session. */
export function apiErrorOf(status: number, data: unknown, retryAfterHeader: string | null = null): ApiError {
  // The body may be anything (a proxy's HTML page): read only what has the documented error shape.
  const error = field(data, "error");
  const code = field(error, "code");
  const message = field(error, "message");
  const details = field(error, "details");
  const retryAfter = Number(retryAfterHeader);
  return new ApiError(
    status,
    typeof code === "string" ? code : `HTTP_${status}`,
    typeof message === "string" ? message : "",
    Array.isArray(details) ? details.filter(isErrorDetail) : [],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

export function reportUnauthenticated(error: ApiError): void {
  if (error.status === 401 && error.code === "UNAUTHENTICATED") {
    for (const listener of unauthenticatedListeners) listener();
  }
}

/**
 * The typed client: every path, parameter and body checked against the server's route definitions. Wrap a call
 * in `ok()` to get its data or the ApiError of its answer.
 */
export const client = createClient<paths>({ credentials: "same-origin" });
client.use({
  onRequest({ request }) {
    for (const [name, value] of Object.entries(apiHeaders(request.method))) request.headers.set(name, value);
    return request;
  },
  onError: () => new ApiError(0, "NETWORK", ""),
});

type Answer<D> = { data?: D; error?: unknown; response: Response };

/** The data of a typed call; an error answer throws its ApiError (401 goes to the session unless quiet401). */
export async function ok<D>(call: Promise<Answer<D>>, options: { quiet401?: boolean } = {}): Promise<D> {
  const { data, error, response } = await call;
  if (response.ok) return data as D;
  const apiError = apiErrorOf(response.status, error ?? null, response.headers.get("Retry-After"));
  if (!options.quiet401) reportUnauthenticated(apiError);
  throw apiError;
}

type Method = "get" | "post" | "put" | "patch" | "delete";

/** The documented paths that have an operation for `method`. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [m in M]: { parameters: unknown } } ? P : never;
}[keyof paths];

/** The parameters of an operation as the document types them. */
export type ParametersOf<P extends keyof paths, M extends Method> = paths[P] extends {
  [m in M]: { parameters: infer A };
}
  ? A
  : never;

/** What the URL of an operation takes: its path parameters (when it has any) and its documented query. */
export type UrlParams<A> = (A extends { path: infer V } ? { path: V } : { path?: undefined }) &
  (A extends { query?: infer Q } ? ([Q] extends [never] ? { query?: undefined } : { query?: Q }) : never);

/**
 * The URL of a documented operation, for the calls the typed client cannot make (an upload with progress over
 * XMLHttpRequest, a streamed file): the path parameters filled in (encoded) and the query, both typed by the
 * generated `paths`, so a renamed route or parameter fails type-checking.
 */
export function apiUrl<M extends Method, P extends PathsWith<M>>(
  _method: M,
  path: P,
  params: UrlParams<ParametersOf<P, M>>,
): string {
  const values = new Map(Object.entries(params.path ?? {}).map(([k, v]) => [k, String(v)]));
  const filled = String(path).replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(values.get(name) ?? ""),
  );
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params.query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) q.append(name, String(one));
  }
  const query = q.toString();
  return query ? `${filled}?${query}` : filled;
}

/**
 * The URL of a documented GET path for a plain link (<a href download>, <img>): as apiUrl, with the organisation
 * as `?org=` (see withOrg).
 */
export function pathUrl<P extends PathsWith<"get">>(
  path: P,
  params: UrlParams<ParametersOf<P, "get">>,
): string {
  return withOrg(apiUrl("get", path, params));
}

/** Path segment encoding for ids that come from data. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
