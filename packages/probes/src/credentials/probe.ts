import type { DefaultCredentialsSettings } from "../profile/credentials-schema.ts";
import type { ProfileService } from "../profile/schema.ts";
import { text } from "../result/text.ts";
import type { Bilingual, ProbeResult, TestUnit } from "../result/types.ts";
import { combineVerdicts } from "../result/verdict.ts";
import { httpSession } from "./http.ts";
import { type CredentialPair, pairsFor, readListFile, shippedList } from "./list.ts";
import { createMonoLog, ms, sleep } from "./log.ts";
import type { Attempt, LoginSession, LoginTarget } from "./session.ts";
import { openSession } from "./sessions.ts";

/** Inputs of the default-credentials probe for one service. */
export interface DefaultCredentialsOptions {
  /** Address to connect to (the profile host, resolved). */
  address: string;
  /** The profile host as written (TLS server name). */
  hostName: string;
  service: Pick<ProfileService, "id" | "protocol" | "port" | "auth">;
  settings?: DefaultCredentialsSettings;
  /** The pairs to try instead of the profile's list / the shipped list (tests). */
  pairs?: readonly CredentialPair[];
  /** Epoch ms after which no new attempt starts. */
  deadline?: number;
  /** Connection time limit, ms (default 5000). */
  connectTimeoutMs?: number;
  onProgress?: (message: Bilingual, transient?: boolean) => void;
  now?: () => Date;
}

const CRITERIA = ["S1.1-02", "S1.1-01"];
/** A throttled attempt is retried once when the device asks for at most this long a pause. */
const MAX_RETRY_AFTER_S = 30;
/** This many errors in a row end the attempts (the service no longer answers). */
const MAX_ERRORS_IN_A_ROW = 3;

const PROTOCOL_NAMES: Record<string, string> = {
  http: "HTTP",
  https: "HTTPS",
  ssh: "SSH",
  telnet: "Telnet",
  ftp: "FTP",
  mqtt: "MQTT",
  mqtts: "MQTTS",
};

/**
 * The default-credentials probe (S1.1-02 supporting, S1.1-01) for one service: anonymous access
 * first (MQTT without credentials, anonymous FTP, SSH `none`, a Telnet shell without login, HTTP
 * paths without credentials), then the default pairs, one at a time, bounded by `maxPairs` and the
 * deadline. FAIL when anything gets in; PASS only when every attempt got the protocol's own refusal;
 * INCONCLUSIVE when attempts ended in errors, timeouts or throttling. Never throws.
 */
export async function runDefaultCredentialsProbe(options: DefaultCredentialsOptions): Promise<ProbeResult> {
  const started = Date.now();
  const log = createMonoLog(options.now);
  const { service } = options;
  const settings = options.settings ?? {};
  const progress = options.onProgress ?? (() => {});
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const name = PROTOCOL_NAMES[service.protocol] ?? service.protocol;
  const base = { probe: "default-credentials", service: service.id, criteria: CRITERIA };
  const finish = (units: TestUnit[], summary: Bilingual, findings: Record<string, unknown>): ProbeResult => ({
    ...base,
    verdict: combineVerdicts(units.map((u) => u.verdict)),
    summary,
    findings,
    units,
    log: log.entries,
    durationMs: Date.now() - started,
  });

  const isHttp = service.protocol === "http" || service.protocol === "https";
  if (isHttp && service.auth?.type === "none") {
    const detail = text(
      `${service.id} はログインなし（auth.type: none）と宣言されています`,
      `${service.id} is declared without a login (auth.type: none)`,
    );
    return finish([{ id: "default-credentials", verdict: "NOT_RUN", detail }], detail, {
      protocol: service.protocol,
    });
  }

  let list: readonly CredentialPair[];
  try {
    list = options.pairs ?? (settings.list ? await readListFile(settings.list) : shippedList().pairs);
  } catch (error) {
    const detail = text(
      `認証情報リストを読み込めません: ${(error as Error).message}`,
      `cannot read the credential list: ${(error as Error).message}`,
    );
    return finish([{ id: "default-credentials", verdict: "ERROR", detail }], detail, {});
  }
  const target: LoginTarget = {
    address: options.address,
    hostName: options.hostName,
    service,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    attemptTimeoutMs: settings.attemptTimeoutMs ?? 20_000,
  };

  // An HTTP service without a declared login: find out whether it asks for Basic authentication.
  if (isHttp && service.auth?.type === undefined) {
    const sniff = await httpSession(target).attempt(null, null);
    log.add("anonymous", { path: service.auth?.path ?? "/", outcome: sniff.outcome, reply: sniff.reply });
    if (sniff.status !== 401) {
      const detail =
        sniff.outcome === "accepted"
          ? text(
              `${name}（ポート ${service.port}）は認証なしで応答しました（${sniff.reply}）。ログインがないなら auth.type: none を、ログイン画面があるなら auth（type・path・form）を宣言してください`,
              `${name} on port ${service.port} answered without authentication (${sniff.reply}); declare auth.type: none if it has no login, or its login (auth.type, path, form)`,
            )
          : text(
              `${name}（ポート ${service.port}）のログイン方式が分かりません（${sniff.reply}）。auth を宣言してください`,
              `cannot tell how ${name} on port ${service.port} authenticates (${sniff.reply}); declare its auth`,
            );
      return finish([{ id: "default-credentials", verdict: "INCONCLUSIVE", detail }], detail, {
        protocol: service.protocol,
        answer: sniff.reply,
      });
    }
  }

  // 1. Anonymous access.
  const units: TestUnit[] = [];
  progress(text(`${service.id}: 匿名アクセスを確認中…`, `${service.id}: checking anonymous access…`));
  const anonymous = await checkAnonymous(target, settings.protectedPaths ?? [], log.add);
  units.push(anonymous.unit);

  // 2. Default pairs.
  const pairs = pairsFor(service, list, settings.extra, settings.maxPairs);
  const session = openSession(target);
  const tally = { refused: 0, errors: 0, throttled: 0, blocked: 0, tried: 0 };
  let accepted: CredentialPair | null = null;
  let acceptedReply = "";
  let throttle: { afterAttempts: number; reply: string; retryAfterSeconds?: number } | null = null;
  let stopped: Bilingual | null = null;
  let errorsInARow = 0;
  let lastError = "";
  const codes: Record<string, number> = {};
  try {
    for (const [i, pair] of pairs.entries()) {
      if (Date.now() > deadline) {
        stopped = text("実行時間の上限に達しました", "the run's time limit was reached");
        break;
      }
      if (i > 0 && settings.pauseMs) await sleep(settings.pauseMs, deadline);
      progress(
        text(`${service.id}: ${i + 1}/${pairs.length}`, `${service.id}: ${i + 1}/${pairs.length}`),
        true,
      );
      let attempt = await tryPair(session, pair, i + 1, log.add);
      if (attempt.outcome === "throttled" || attempt.outcome === "blocked") {
        throttle ??= {
          afterAttempts: tally.tried,
          reply: attempt.reply,
          ...(attempt.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: attempt.retryAfterSeconds }
            : {}),
        };
        const wait = attempt.retryAfterSeconds;
        if (wait !== undefined && wait <= MAX_RETRY_AFTER_S && Date.now() + wait * 1000 < deadline) {
          log.add("wait", { seconds: wait, reason: "Retry-After" });
          await sleep(wait * 1000, deadline);
          attempt = await tryPair(session, pair, i + 1, log.add);
        }
      }
      tally.tried += 1;
      const code = attempt.status !== undefined ? String(attempt.status) : attempt.outcome;
      codes[code] = (codes[code] ?? 0) + 1;
      if (attempt.outcome === "accepted") {
        accepted = pair;
        acceptedReply = attempt.reply;
        break;
      }
      if (attempt.outcome === "refused") {
        tally.refused += 1;
        errorsInARow = 0;
        continue;
      }
      if (attempt.outcome === "throttled" || attempt.outcome === "blocked") {
        tally[attempt.outcome] += 1;
        stopped = text(
          `機器が試行を制限したため中止しました（${attempt.reply}）`,
          `stopped: the device throttled the attempts (${attempt.reply})`,
        );
        break;
      }
      tally.errors += 1;
      errorsInARow += 1;
      lastError = attempt.error ?? attempt.reply;
      if (errorsInARow >= MAX_ERRORS_IN_A_ROW) {
        stopped = text(
          `エラーが ${MAX_ERRORS_IN_A_ROW} 回続いたため中止しました（${lastError}）`,
          `stopped after ${MAX_ERRORS_IN_A_ROW} errors in a row (${lastError})`,
        );
        break;
      }
    }
  } finally {
    session.close();
  }

  const untried = pairs.length - tally.tried;
  const throttleText = throttle
    ? text(
        `機器は ${throttle.afterAttempts} 回の試行の後に試行を制限しました（${throttle.reply}${throttle.retryAfterSeconds !== undefined ? `、Retry-After ${throttle.retryAfterSeconds} 秒` : ""}）`,
        `the device throttled the attempts after ${throttle.afterAttempts} (${throttle.reply}${throttle.retryAfterSeconds !== undefined ? `, Retry-After ${throttle.retryAfterSeconds} s` : ""})`,
      )
    : null;
  let unit: TestUnit;
  if (accepted) {
    const shown = `${accepted.username} / ${accepted.password === "" ? "(blank)" : accepted.password}`;
    unit = {
      id: "default-credentials",
      verdict: "FAIL",
      detail: text(
        `${name} に初期認証情報 ${shown}（出典: ${accepted.source}）でログインできました（${acceptedReply}）`,
        `${name} let in the default credentials ${shown} (source: ${accepted.source}; ${acceptedReply})`,
      ),
    };
  } else if (tally.refused === pairs.length) {
    unit = {
      id: "default-credentials",
      verdict: "PASS",
      detail: text(
        `初期認証情報 ${pairs.length} 組はすべて ${name} 自身の応答で拒否されました`,
        `all ${pairs.length} default credential pairs were refused by ${name} itself`,
      ),
    };
  } else {
    const parts = [
      `${tally.refused}/${pairs.length} refused`,
      ...(tally.errors ? [`${tally.errors} errors (${lastError})`] : []),
      ...(untried ? [`${untried} not tried`] : []),
    ];
    const partsJa = [
      `${pairs.length} 組中 ${tally.refused} 組を拒否`,
      ...(tally.errors ? [`エラー ${tally.errors} 件（${lastError}）`] : []),
      ...(untried ? [`未試行 ${untried} 組`] : []),
    ];
    unit = {
      id: "default-credentials",
      verdict: "INCONCLUSIVE",
      detail: text(
        `${partsJa.join("、")}。${stopped ? `${stopped.ja}。` : ""}エラー・タイムアウト・切断・制限は拒否とはみなしません`,
        `${parts.join(", ")}${stopped ? `; ${stopped.en}` : ""}; errors, timeouts, resets and throttling are not refusals`,
      ),
    };
  }
  units.push(unit);
  const failing = units.filter((u) => u.verdict !== "PASS");
  const main = failing.length > 0 ? failing : units;
  const summary = text(
    [...main.map((u) => u.detail.ja), ...(throttleText && !stopped ? [throttleText.ja] : [])].join("／"),
    [...main.map((u) => u.detail.en), ...(throttleText && !stopped ? [throttleText.en] : [])].join("; "),
  );
  return finish(units, summary, {
    protocol: service.protocol,
    anonymous: anonymous.findings,
    pairs: pairs.length,
    tried: tally.tried,
    refused: tally.refused,
    errors: tally.errors,
    replies: codes,
    ...(accepted
      ? { accepted: { username: accepted.username, password: accepted.password, source: accepted.source } }
      : {}),
    throttled: throttle,
    list: settings.list ?? (options.pairs ? "custom" : "shipped"),
    ...(!settings.list && !options.pairs ? { listSources: shippedList().compiledFrom } : {}),
  });
}

async function tryPair(
  session: LoginSession,
  pair: CredentialPair,
  n: number,
  add: (event: string, fields?: Record<string, unknown>) => void,
): Promise<Attempt> {
  const attempt = await session.attempt(pair.username, pair.password);
  add("attempt", {
    n,
    username: pair.username,
    password: pair.password,
    source: pair.source,
    outcome: attempt.outcome,
    reply: attempt.reply,
    latencyMs: ms(attempt.latencyMs),
    ...(attempt.closed ? { closed: true } : {}),
    ...(attempt.reconnected ? { reconnected: true } : {}),
    ...(attempt.retryAfterSeconds !== undefined ? { retryAfter: attempt.retryAfterSeconds } : {}),
    ...(attempt.error ? { error: attempt.error } : {}),
  });
  return attempt;
}

/** Anonymous access: one attempt without credentials, plus each protected HTTP path. */
async function checkAnonymous(
  target: LoginTarget,
  protectedPaths: readonly string[],
  add: (event: string, fields?: Record<string, unknown>) => void,
): Promise<{ unit: TestUnit; findings: Record<string, unknown> }> {
  const { service } = target;
  const isHttp = service.protocol === "http" || service.protocol === "https";
  const checks: Array<{ what: string; attempt: Attempt }> = [];
  // A login form's own page is public by design: for forms only the declared protected paths count.
  const isForm = service.auth?.type === "form";
  const paths = isHttp
    ? [...new Set([...(isForm ? [] : [service.auth?.path ?? "/"]), ...protectedPaths])]
    : [null];
  if (paths.length === 0)
    return {
      findings: {},
      unit: {
        id: "anonymous",
        verdict: "NOT_RUN",
        detail: text(
          "ログインフォームのサービスです。ログインが必要なパスを defaultCredentials.protectedPaths に指定すると匿名アクセスを確認します",
          "a login-form service: list paths that need a login in defaultCredentials.protectedPaths to check anonymous access",
        ),
      },
    };
  for (const path of paths) {
    const t: LoginTarget =
      path === null
        ? target
        : { ...target, service: { ...service, auth: { ...service.auth, type: "basic", path } } };
    const session = openSession(t);
    const attempt = await session.attempt(null, null);
    session.close();
    const what = anonymousWhat(service.protocol, path);
    add("anonymous", {
      check: what,
      outcome: attempt.outcome,
      reply: attempt.reply,
      latencyMs: ms(attempt.latencyMs),
      ...(attempt.error ? { error: attempt.error } : {}),
    });
    checks.push({ what, attempt });
  }
  const open = checks.filter((c) => c.attempt.outcome === "accepted");
  const unclear = checks.filter((c) => c.attempt.outcome !== "accepted" && c.attempt.outcome !== "refused");
  const findings = Object.fromEntries(
    checks.map((c) => [c.what, `${c.attempt.outcome}: ${c.attempt.reply}`]),
  );
  const list = (cs: typeof checks) => cs.map((c) => `${c.what} (${c.attempt.reply})`).join(", ");
  if (open.length > 0)
    return {
      findings,
      unit: {
        id: "anonymous",
        verdict: "FAIL",
        detail: text(`認証なしでアクセスできます: ${list(open)}`, `anonymous access allowed: ${list(open)}`),
      },
    };
  if (unclear.length > 0)
    return {
      findings,
      unit: {
        id: "anonymous",
        verdict: "INCONCLUSIVE",
        detail: text(
          `匿名アクセスの可否を判断できません（拒否ではない応答）: ${list(unclear)}`,
          `cannot tell whether anonymous access is refused (no protocol refusal): ${list(unclear)}`,
        ),
      },
    };
  return {
    findings,
    unit: {
      id: "anonymous",
      verdict: "PASS",
      detail: text(
        `匿名アクセスは拒否されました: ${list(checks)}`,
        `anonymous access refused: ${list(checks)}`,
      ),
    },
  };
}

function anonymousWhat(protocol: string, path: string | null): string {
  switch (protocol) {
    case "mqtt":
    case "mqtts":
      return "CONNECT without credentials";
    case "ftp":
      return "USER anonymous";
    case "ssh":
      return "auth method none";
    case "telnet":
      return "shell without login";
    default:
      return `GET ${path ?? "/"} without credentials`;
  }
}
