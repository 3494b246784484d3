import { currentStep, totpAt } from "./totp.ts";

export const PASSWORD = "correct horse battery staple 2026";

/** A cookie-session API client for preparing data from the test (same contract as the browser). */
export class ApiSession {
  private cookies = new Map<string, string>();
  csrfToken = "";

  constructor(readonly base: string) {}

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { origin: this.base, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (this.csrfToken && method !== "GET") headers["x-csrf-token"] = this.csrfToken;
    const response = await fetch(this.base + path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** POSTs raw bytes (a file upload) with the session; resolves with the JSON answer or throws. */
  async upload<T = unknown>(path: string, bytes: Uint8Array<ArrayBuffer>): Promise<T> {
    const response = await fetch(this.base + path, {
      method: "POST",
      headers: {
        origin: this.base,
        accept: "application/json",
        "content-type": "application/octet-stream",
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        "x-csrf-token": this.csrfToken,
      },
      body: bytes,
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`POST ${path} → ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async ok<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const result = await this.call<T>(method, path, body);
    if (result.status >= 300)
      throw new Error(`${method} ${path} → ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  }

  async refreshMe(): Promise<{ orgId: string; user: { id: string } }> {
    const me = await this.ok<{ orgId: string; csrfToken: string; user: { id: string } }>(
      "GET",
      "/api/auth/me",
    );
    this.csrfToken = me.csrfToken;
    return me;
  }
}

/** Tracks the last TOTP step used so that no code is offered twice (the server refuses replays). */
export class Authenticator {
  private lastStep = 0;
  constructor(readonly secret: string) {}

  async code(): Promise<string> {
    let step = Math.max(currentStep(), this.lastStep + 1);
    // The server accepts one step of drift either side; past that, wait for the clock.
    while (step > currentStep() + 1) {
      await new Promise((r) => setTimeout(r, 1000));
      step = Math.max(currentStep(), this.lastStep + 1);
    }
    this.lastStep = step;
    return totpAt(this.secret, step);
  }
}

export type Admin = { api: ApiSession; auth: Authenticator; email: string; orgId: string };

/** First-run setup through the API, then TOTP enrolment: an administrator who owns the first organisation. */
export async function setupAdmin(
  base: string,
  setupToken: string | null,
  email = "admin@example.jp",
): Promise<Admin> {
  if (!setupToken) throw new Error("the server gave no setup token");
  const api = new ApiSession(base);
  await api.ok("POST", "/api/setup", {
    token: setupToken,
    email,
    name: "管理者 太郎",
    password: PASSWORD,
    organisationName: "テスト電機株式会社",
    // As the setup page fills it in: the address the admin reaches this server by.
    publicUrl: new URL(base).origin,
  });
  await api.refreshMe();
  const { secret } = await api.ok<{ secret: string }>("POST", "/api/auth/totp/setup", {
    currentPassword: PASSWORD,
  });
  const auth = new Authenticator(secret);
  await api.ok("POST", "/api/auth/totp/enable", { code: await auth.code() });
  const me = await api.refreshMe();
  return { api, auth, email, orgId: me.orgId };
}

/** A user of the admin's organisation with the given role (no second factor). */
export async function createMember(
  admin: Admin,
  email: string,
  role: "viewer" | "editor" | "owner",
  name = "利用者",
): Promise<void> {
  await admin.api.ok("POST", "/api/admin/users", {
    email,
    name,
    password: PASSWORD,
    role,
    orgId: admin.orgId,
  });
}

/** Signs a user in through the API (no second factor). */
export async function apiSignIn(base: string, email: string, password = PASSWORD): Promise<ApiSession> {
  const api = new ApiSession(base);
  await api.ok("POST", "/api/auth/login", { email, password });
  await api.refreshMe();
  return api;
}
