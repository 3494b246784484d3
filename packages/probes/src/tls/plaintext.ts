import { exchange } from "../net/exchange.ts";
import { printable } from "../ports/identify.ts";
import type { ProfileService } from "../profile/schema.ts";
import { createLog } from "../result/log.ts";
import { text } from "../result/text.ts";
import type { ProbeResult, TestUnit } from "../result/types.ts";

/** Protocols that carry credentials or settings in clear. */
export const PLAINTEXT_PROTOCOLS = ["http", "telnet", "ftp", "mqtt"] as const;

const NAMES: Record<string, string> = { http: "HTTP", telnet: "Telnet", ftp: "FTP", mqtt: "MQTT" };

/**
 * The tls probe for a service the profile declares without TLS: Telnet, FTP and MQTT always FAIL
 * (logins and device messages travel in clear); HTTP FAILs when it has a login (declared `auth`
 * other than `none`, a 401 answer or a password field) and is INCONCLUSIVE otherwise.
 * ERROR when the port cannot be reached. Never throws.
 */
export async function runPlaintextCheck(options: {
  address: string;
  service: Pick<ProfileService, "id" | "port" | "protocol" | "auth">;
  timeoutMs?: number;
}): Promise<ProbeResult> {
  const started = Date.now();
  const log = createLog();
  const { service } = options;
  const name = NAMES[service.protocol] ?? service.protocol;
  const isHttp = service.protocol === "http";
  const path = service.auth?.path ?? "/";
  const answer = await exchange(options.address, service.port, {
    timeoutMs: options.timeoutMs ?? 3000,
    ...(isHttp
      ? { send: `GET ${path} HTTP/1.0\r\nHost: ${options.address}\r\nUser-Agent: jcstar-probe\r\n\r\n` }
      : {}),
    until: (d) => (isHttp ? d.includes("</html>") || d.length > 32_768 : d.length > 0),
    maxBytes: 65_536,
  });
  log.add("connect", {
    port: service.port,
    result: answer.connected ? "open" : "error",
    ...(answer.error ? { error: answer.error } : {}),
    ...(answer.data.length ? { banner: printable(answer.data.subarray(0, 120)) } : {}),
  });
  const base = { probe: "tls", service: service.id, criteria: ["S1.1-12"], log: log.entries };
  if (!answer.connected) {
    const detail = text(
      `ポート ${service.port} に接続できません（${answer.error ?? "不明"}）`,
      `cannot connect to port ${service.port} (${answer.error ?? "unknown"})`,
    );
    const unit: TestUnit = { id: "plaintext", verdict: "ERROR", detail };
    return {
      ...base,
      verdict: "ERROR",
      summary: detail,
      findings: { tls: false },
      units: [unit],
      durationMs: Date.now() - started,
    };
  }
  let unit: TestUnit;
  let login: string | null = null;
  if (isHttp) {
    const body = answer.data.toString("latin1");
    if (service.auth && service.auth.type !== "none") login = `auth.type ${service.auth.type ?? "basic"}`;
    else if (/^HTTP\/\S+ 401/.test(body) || /^www-authenticate:/im.test(body))
      login = "401 / WWW-Authenticate";
    else if (/<input[^>]+type\s*=\s*["']?password/i.test(body)) login = "password field";
  }
  if (!isHttp || login !== null) {
    const why = isHttp ? ` (${login})` : "";
    unit = {
      id: "plaintext",
      verdict: "FAIL",
      detail: text(
        `${name}（ポート ${service.port}）は暗号化されていません。認証情報や設定が平文で流れます${why}`,
        `${name} on port ${service.port} is not encrypted: credentials and settings travel in clear${why}`,
      ),
    };
  } else {
    unit = {
      id: "plaintext",
      verdict: "INCONCLUSIVE",
      detail: text(
        `HTTP（ポート ${service.port}）は暗号化されていません。ログインは見つかりませんでしたが、設定が平文で流れないか確認してください`,
        `HTTP on port ${service.port} is not encrypted; no login seen, but check that no settings travel in clear`,
      ),
    };
  }
  return {
    ...base,
    verdict: unit.verdict,
    summary: unit.detail,
    findings: { tls: false, protocol: service.protocol, ...(login ? { login } : {}) },
    units: [unit],
    durationMs: Date.now() - started,
  };
}
