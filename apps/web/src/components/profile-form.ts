/**
 * The profile builder's form model and its YAML: the form writes a profile text (flow-style YAML, which the one
 * profile schema on the server reads); a text is read back into the form from the schema's own parse (the import
 * route's `profile`), never by a second parser here.
 */

export const PROTOCOLS = ["http", "https", "ssh", "telnet", "ftp", "mqtt", "mqtts"] as const;
export type AuthType = "" | "basic" | "form" | "none";

export type ServiceRow = {
  id: string;
  protocol: (typeof PROTOCOLS)[number];
  port: string;
  authType: AuthType;
  username: string;
  secret: string;
};

export type ProfileForm = {
  name: string;
  host: string;
  /** `8480, 5353/udp` */
  declaredPorts: string;
  services: ServiceRow[];
  modelPath: string;
  modelJson: string;
  versionPath: string;
  versionJson: string;
  restartPath: string;
  resetPath: string;
  settingsPath: string;
  settingsJson: string;
  userDataPath: string;
  loginProbes: boolean;
};

export const EMPTY_SERVICE: ServiceRow = {
  id: "web",
  protocol: "http",
  port: "80",
  authType: "basic",
  username: "admin",
  secret: "",
};

export const EMPTY_FORM: ProfileForm = {
  name: "lab unit",
  host: "127.0.0.2",
  declaredPorts: "80",
  services: [EMPTY_SERVICE],
  modelPath: "",
  modelJson: "",
  versionPath: "",
  versionJson: "",
  restartPath: "",
  resetPath: "",
  settingsPath: "",
  settingsJson: "",
  userDataPath: "",
  loginProbes: true,
};

const q = (s: string) => JSON.stringify(s);
const num = (s: string) => (/^\d+$/.test(s.trim()) ? s.trim() : q(s.trim()));

function source(path: string, json: string): string {
  return `{ http: { path: ${q(path)}${json ? `, json: ${q(json)}` : ""} } }`;
}

function serviceLine(s: ServiceRow): string {
  const auth: string[] = [];
  if (s.authType) auth.push(`type: ${s.authType}`);
  if (s.authType && s.authType !== "none" && (s.protocol === "http" || s.protocol === "https"))
    auth.push('path: "/"');
  if (s.username) auth.push(`username: ${q(s.username)}`);
  if (s.secret) auth.push(`passwordSecret: ${q(s.secret)}`);
  const isHttp = s.protocol === "http" || s.protocol === "https";
  const kept = isHttp ? auth : auth.filter((a) => !a.startsWith("type:") && !a.startsWith("path:"));
  return `  - { id: ${q(s.id)}, protocol: ${s.protocol}, port: ${num(s.port)}${kept.length ? `, auth: { ${kept.join(", ")} }` : ""} }`;
}

/** The profile text of a form. */
export function formToYaml(f: ProfileForm): string {
  const lines = [`name: ${q(f.name)}`, `host: ${q(f.host)}`];
  const declared = f.declaredPorts
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((p) => {
      const [port = "", proto] = p.split("/");
      return `  - { port: ${num(port)}, protocol: ${proto === "udp" ? "udp" : "tcp"} }`;
    });
  lines.push(declared.length ? "declaredPorts:" : "declaredPorts: []", ...declared);
  lines.push(f.services.length ? "services:" : "services: []", ...f.services.map(serviceLine));
  if (f.modelPath || f.versionPath) {
    lines.push("info:");
    if (f.modelPath) lines.push(`  model: ${source(f.modelPath, f.modelJson)}`);
    if (f.versionPath) lines.push(`  version: ${source(f.versionPath, f.versionJson)}`);
  }
  if (f.restartPath || f.resetPath) {
    lines.push("actions:");
    if (f.restartPath) lines.push(`  restart: { http: { method: POST, path: ${q(f.restartPath)} } }`);
    if (f.resetPath) lines.push(`  reset: { http: { method: POST, path: ${q(f.resetPath)} } }`);
  }
  if (f.settingsPath || f.userDataPath) {
    lines.push("state:");
    if (f.settingsPath) lines.push(`  settings: [${source(f.settingsPath, f.settingsJson)}]`);
    if (f.userDataPath)
      lines.push(`  userData: [{ http: { path: ${q(f.userDataPath)}, expect: nonEmpty } }]`);
  }
  if (f.loginProbes)
    lines.push(
      "defaultCredentials: { maxPairs: 20 }",
      "bruteForce: { maxAttempts: 10, lockoutProbeSeconds: 60 }",
    );
  return `${lines.join("\n")}\n`;
}

type Src = { http?: { path?: string; json?: string } } | undefined;
type Parsed = {
  name?: string;
  host?: string;
  declaredPorts?: { port: number; protocol?: string }[];
  services?: { id: string; protocol: ServiceRow["protocol"]; port: number; auth?: Record<string, string> }[];
  info?: { model?: Src; version?: Src };
  actions?: { restart?: Src; reset?: Src };
  state?: { settings?: Src[]; userData?: Src[] };
  defaultCredentials?: unknown;
  bruteForce?: unknown;
};

/** A form from the schema's parse of a profile (the import route's `profile`). */
export function formFromProfile(raw: Record<string, unknown>): ProfileForm {
  const p = raw as Parsed;
  const path = (s: Src) => s?.http?.path ?? "";
  const json = (s: Src) => s?.http?.json ?? "";
  return {
    name: p.name ?? "",
    host: p.host ?? "",
    declaredPorts: (p.declaredPorts ?? [])
      .map((d) => (d.protocol === "udp" ? `${d.port}/udp` : String(d.port)))
      .join(", "),
    services: (p.services ?? []).map((s) => ({
      id: s.id,
      protocol: s.protocol,
      port: String(s.port),
      authType: (s.auth?.type ?? "") as AuthType,
      username: s.auth?.username ?? "",
      secret: s.auth?.passwordSecret ?? "",
    })),
    modelPath: path(p.info?.model),
    modelJson: json(p.info?.model),
    versionPath: path(p.info?.version),
    versionJson: json(p.info?.version),
    restartPath: path(p.actions?.restart),
    resetPath: path(p.actions?.reset),
    settingsPath: path(p.state?.settings?.[0]),
    settingsJson: json(p.state?.settings?.[0]),
    userDataPath: path(p.state?.userData?.[0]),
    loginProbes: p.defaultCredentials !== undefined || p.bruteForce !== undefined,
  };
}
