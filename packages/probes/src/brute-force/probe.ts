import { randomBytes } from "node:crypto";
import { createMonoLog, type MonoLog, ms, sleep } from "../credentials/log.ts";
import type { Attempt, LoginSession, LoginTarget } from "../credentials/session.ts";
import { openSession } from "../credentials/sessions.ts";
import type { BruteForceSettings } from "../profile/credentials-schema.ts";
import type { ProfileService } from "../profile/schema.ts";
import { text } from "../result/text.ts";
import type { Bilingual, ProbeResult, TestUnit, Verdict } from "../result/types.ts";
import { combineVerdicts } from "../result/verdict.ts";
import { delayThreshold, FAILURE_DELAY_MS, latencyStats } from "./analyse.ts";

/** Inputs of the brute-force probe for one service. */
export interface BruteForceOptions {
  /** Address to connect to (the profile host, resolved). */
  address: string;
  /** The profile host as written (TLS server name). */
  hostName: string;
  service: Pick<ProfileService, "id" | "protocol" | "port" | "auth">;
  /** The valid password (from the environment variable `auth.passwordEnv`), when given. */
  password?: string;
  settings?: BruteForceSettings;
  /** Epoch ms after which no new attempt starts. */
  deadline?: number;
  /** Connection time limit, ms (default 5000). */
  connectTimeoutMs?: number;
  onProgress?: (message: Bilingual, transient?: boolean) => void;
  now?: () => Date;
}

const CRITERIA = ["S1.1-04"];
const DEFAULT_MAX_ATTEMPTS = 20;
const DEFAULT_LOCKOUT_PROBE_S = 120;
const MAX_ERRORS_IN_A_ROW = 3;

type Kind = "valid" | "wrong" | "valid-during-lockout" | "lockout-poll";

/** What stopped the wrong-password attempts early. */
interface Lockout {
  /** `throttle` (429/503/421/CONNACK 3), `block` (connections refused) or `silent` (the valid password refused). */
  kind: "throttle" | "block" | "silent";
  afterAttempts: number;
  reply: string;
  retryAfterSeconds?: number;
  /** Monotonic ms (log clock) when the lockout was first seen. */
  seenAt: number;
}

/**
 * The brute-force probe (S1.1-04) for one service with an account: the valid login first (when a
 * password is given; if it fails the result is INCONCLUSIVE), then at most `maxAttempts` wrong
 * passwords — reconnecting whenever the service drops the connection — measuring each attempt's
 * latency and reply; then the valid password during a lockout, and (bounded) how long the lockout
 * lasts. PASS when a defence is shown (a lockout or throttling, or ≥ 1 s per failed attempt past a
 * threshold); FAIL when the attempts went through undefended; INCONCLUSIVE otherwise. Never throws.
 */
export async function runBruteForceProbe(options: BruteForceOptions): Promise<ProbeResult> {
  const started = Date.now();
  const log = createMonoLog(options.now);
  const { service } = options;
  const settings = options.settings ?? {};
  const maxAttempts = settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const probeSeconds = settings.lockoutProbeSeconds ?? DEFAULT_LOCKOUT_PROBE_S;
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const progress = options.onProgress ?? (() => {});
  const username = service.auth?.username;
  const password = options.password;
  const base = { probe: "brute-force", service: service.id, criteria: CRITERIA };
  const units: TestUnit[] = [];
  const finish = (summary: Bilingual, findings: Record<string, unknown>): ProbeResult => ({
    ...base,
    verdict: combineVerdicts(units.map((u) => u.verdict)),
    summary,
    findings,
    units,
    log: log.entries,
    durationMs: Date.now() - started,
  });

  if (!username) {
    const detail = text(
      `${service.id} には検査するアカウントがありません（auth.username と auth.passwordEnv を指定してください）`,
      `${service.id} has no account to test (declare auth.username and auth.passwordEnv)`,
    );
    units.push({ id: "defence", verdict: "NOT_RUN", detail });
    return finish(detail, { protocol: service.protocol });
  }
  const target: LoginTarget = {
    address: options.address,
    hostName: options.hostName,
    service,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    attemptTimeoutMs: settings.attemptTimeoutMs ?? 20_000,
  };
  const session = openSession(target);
  try {
    return await run();
  } finally {
    session.close();
  }

  async function run(): Promise<ProbeResult> {
    const user = username as string;
    const findings: Record<string, unknown> = { protocol: service.protocol, username: user, maxAttempts };

    // 1. The valid login.
    let validMs: number | null = null;
    if (password !== undefined) {
      progress(
        text(
          `${service.id}: 正しいパスワードでログイン中…`,
          `${service.id}: logging in with the valid password…`,
        ),
      );
      let valid = await attempt(session, log, user, password, "valid", 0);
      if (valid.outcome === "throttled" || valid.outcome === "blocked") {
        // Still locked out (by an earlier probe, perhaps): wait for it to end, bounded.
        const waited = await waitForUnlock(valid);
        if (waited) valid = waited;
      }
      if (valid.outcome !== "accepted") {
        const detail = text(
          `正しいパスワードでログインできませんでした（${valid.reply}）。誤りパスワードの試行は行いません`,
          `the valid password did not log in (${valid.reply}); no wrong passwords were tried`,
        );
        units.push({ id: "valid-login", verdict: "INCONCLUSIVE", detail });
        return finish(detail, { ...findings, validLogin: valid.reply });
      }
      validMs = valid.latencyMs;
      units.push({
        id: "valid-login",
        verdict: "PASS",
        detail: text(
          `正しいパスワードでログインできました（${valid.reply}、${Math.round(valid.latencyMs)} ms）`,
          `the valid password logged in (${valid.reply}, ${Math.round(valid.latencyMs)} ms)`,
        ),
      });
    } else {
      units.push({
        id: "valid-login",
        verdict: "NOT_RUN",
        detail: service.auth?.passwordEnv
          ? text(
              `環境変数 ${service.auth.passwordEnv} が設定されていないため、正しいパスワードでの確認を行いません`,
              `environment variable ${service.auth.passwordEnv} is not set: no check with the valid password`,
            )
          : text(
              "正しいパスワード（auth.passwordEnv）が指定されていないため、正しいパスワードでの確認を行いません",
              "no valid password (auth.passwordEnv) given: no check with the valid password",
            ),
      });
    }

    // 2. Wrong passwords.
    const refusedLatencies: Array<{ n: number; latencyMs: number }> = [];
    const codes: Record<string, number> = {};
    let lockout: Lockout | null = null;
    let acceptedWrong: Attempt | null = null;
    let errors = 0;
    let errorsInARow = 0;
    let disconnects = 0;
    let reconnects = 0;
    let previousClosed = false;
    let made = 0;
    let cut: Bilingual | null = null;
    let lastError = "";
    for (let n = 1; n <= maxAttempts; n++) {
      if (Date.now() > deadline) {
        cut = text("実行時間の上限に達しました", "the run's time limit was reached");
        break;
      }
      progress(
        text(
          `${service.id}: 誤りパスワード ${n}/${maxAttempts}`,
          `${service.id}: wrong password ${n}/${maxAttempts}`,
        ),
        true,
      );
      const a = await attempt(session, log, user, wrongPassword(), "wrong", n);
      made = n;
      const code = a.status !== undefined ? String(a.status) : a.outcome;
      codes[code] = (codes[code] ?? 0) + 1;
      // A drop is seen either at once (closed) or only when the next attempt had to reconnect.
      if ((a.closed && a.outcome !== "accepted") || (a.reconnected && !previousClosed)) disconnects += 1;
      if (a.reconnected) reconnects += 1;
      previousClosed = a.closed;
      if (a.outcome === "refused") {
        refusedLatencies.push({ n, latencyMs: a.latencyMs });
        errorsInARow = 0;
        continue;
      }
      if (a.outcome === "accepted") {
        acceptedWrong = a;
        break;
      }
      if (a.outcome === "throttled" || a.outcome === "blocked") {
        lockout = {
          kind: a.outcome === "throttled" ? "throttle" : "block",
          afterAttempts: n - 1,
          reply: a.reply,
          seenAt: log.elapsed(),
          ...(a.retryAfterSeconds !== undefined ? { retryAfterSeconds: a.retryAfterSeconds } : {}),
        };
        break;
      }
      errors += 1;
      errorsInARow += 1;
      lastError = a.error ?? a.reply;
      if (errorsInARow >= MAX_ERRORS_IN_A_ROW) {
        cut = text(
          `エラーが ${MAX_ERRORS_IN_A_ROW} 回続きました（${lastError}）`,
          `${MAX_ERRORS_IN_A_ROW} errors in a row (${lastError})`,
        );
        break;
      }
    }
    const delayFrom = delayThreshold(refusedLatencies);
    Object.assign(findings, {
      attempts: made,
      refused: refusedLatencies.length,
      errors,
      disconnects,
      reconnects,
      replies: codes,
      latencyMs: {
        ...(validMs !== null ? { valid: Math.round(validMs) } : {}),
        failed: latencyStats(refusedLatencies.map((a) => a.latencyMs)),
      },
      failureDelay: delayFrom !== null ? { fromAttempt: delayFrom, atLeastMs: FAILURE_DELAY_MS } : null,
    });

    if (acceptedWrong) {
      const detail = text(
        `誤ったパスワードでログインできました（${made} 回目、${acceptedWrong.reply}）`,
        `a wrong password logged in (attempt ${made}, ${acceptedWrong.reply})`,
      );
      units.push({ id: "defence", verdict: "FAIL", detail });
      return finish(detail, { ...findings, defence: "none: a wrong password was accepted" });
    }

    // 3. The valid password after the attempts: refused during a lockout, accepted otherwise.
    let validDuring: Attempt | null = null;
    if (password !== undefined && made > 0) {
      validDuring = await attempt(
        session,
        log,
        user,
        password,
        lockout ? "valid-during-lockout" : "valid",
        made + 1,
      );
      if (
        !lockout &&
        (validDuring.outcome === "refused" ||
          validDuring.outcome === "throttled" ||
          validDuring.outcome === "blocked")
      ) {
        lockout = {
          kind:
            validDuring.outcome === "refused"
              ? "silent"
              : validDuring.outcome === "throttled"
                ? "throttle"
                : "block",
          afterAttempts: made,
          reply: validDuring.reply,
          seenAt: log.elapsed(),
          ...(validDuring.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: validDuring.retryAfterSeconds }
            : {}),
        };
      }
    }

    // 4. How long the lockout lasts (bounded).
    let duration: { seconds: number; lowerBound: boolean } | null = null;
    if (lockout && probeSeconds > 0) {
      progress(
        text(
          `${service.id}: ロックアウトの継続時間を測定中（最大 ${probeSeconds} 秒）…`,
          `${service.id}: measuring the lockout (at most ${probeSeconds} s)…`,
        ),
      );
      duration = await measureLockout(lockout, validDuring?.outcome === "accepted");
    }

    // 5. Verdicts.
    const validRefused =
      lockout && validDuring ? validDuring.outcome !== "accepted" && validDuring.outcome !== "error" : null;
    const defenceParts: string[] = [];
    const defencePartsJa: string[] = [];
    if (lockout) {
      const what =
        lockout.kind === "throttle"
          ? lockout.reply
          : lockout.kind === "block"
            ? `connections refused (${lockout.reply})`
            : "silent lockout (the valid password refused)";
      const whatJa =
        lockout.kind === "throttle"
          ? lockout.reply
          : lockout.kind === "block"
            ? `接続拒否（${lockout.reply}）`
            : "サイレントロックアウト（正しいパスワードも拒否）";
      defenceParts.push(
        `${what} after ${lockout.afterAttempts} attempt${lockout.afterAttempts === 1 ? "" : "s"}`,
      );
      defencePartsJa.push(`${lockout.afterAttempts} 回の試行の後に ${whatJa}`);
      if (duration) {
        defenceParts.push(`lockout ${duration.lowerBound ? "≥" : "≈"} ${duration.seconds} s`);
        defencePartsJa.push(`ロックアウト ${duration.seconds} 秒${duration.lowerBound ? "以上" : "程度"}`);
      }
      if (validRefused === true && lockout.kind !== "silent") {
        defenceParts.push("valid password refused during lockout");
        defencePartsJa.push("ロックアウト中は正しいパスワードも拒否");
      }
    }
    if (delayFrom !== null) {
      const stats = latencyStats(refusedLatencies.filter((a) => a.n >= delayFrom).map((a) => a.latencyMs));
      defenceParts.push(
        `each failed attempt took ≥ 1 s from attempt ${delayFrom} (median ${((stats?.median ?? 0) / 1000).toFixed(1)} s${validMs !== null ? `; valid login ${Math.round(validMs)} ms` : ""})`,
      );
      defencePartsJa.push(
        `${delayFrom} 回目以降の失敗は毎回 1 秒以上（中央値 ${((stats?.median ?? 0) / 1000).toFixed(1)} 秒${validMs !== null ? `、正しいログインは ${Math.round(validMs)} ms` : ""}）`,
      );
    }
    const throttleLetsValidIn =
      lockout !== null && lockout.kind !== "silent" && validDuring?.outcome === "accepted";
    let verdict: Verdict;
    let detail: Bilingual;
    const stats = (findings.latencyMs as { failed: { median: number } | null }).failed;
    if (throttleLetsValidIn) {
      verdict = "FAIL";
      detail = text(
        `${defencePartsJa[0]}。しかし制限中も正しいパスワードは受け入れられたため、攻撃者は正誤を見分けられます`,
        `${defenceParts[0]}, but the valid password was let in during it: an attacker can still tell right from wrong`,
      );
    } else if (lockout || delayFrom !== null) {
      verdict = "PASS";
      detail = text(`防御を確認: ${defencePartsJa.join("、")}`, `defence seen: ${defenceParts.join(", ")}`);
    } else if (cut || errors > 0) {
      verdict = "INCONCLUSIVE";
      detail = text(
        `${made} 回の誤りパスワードのうち ${refusedLatencies.length} 回が拒否、エラー ${errors} 件（${lastError || "-"}）${cut ? `。${cut.ja}` : ""}。防御は確認できませんでした`,
        `${refusedLatencies.length} of ${made} wrong passwords refused, ${errors} errors (${lastError || "-"})${cut ? `; ${cut.en}` : ""}; no defence seen`,
      );
    } else if (password === undefined) {
      verdict = "INCONCLUSIVE";
      detail = text(
        `誤りパスワード ${made} 回はすべて遅延なく拒否されました（中央値 ${stats?.median ?? 0} ms）。正しいパスワードがないため、サイレントロックアウトの有無は確認できません`,
        `all ${made} wrong passwords were refused without delay (median ${stats?.median ?? 0} ms); without the valid password a silent lockout cannot be ruled out`,
      );
    } else if (validDuring?.outcome === "accepted") {
      verdict = "FAIL";
      const closes =
        disconnects > 0
          ? text(
              `。切断 ${disconnects} 回（試行回数の上限など）の後も再接続して試行を続けられました`,
              `; the ${disconnects} disconnect${disconnects === 1 ? "" : "s"} (a per-connection try limit) only made it reconnect`,
            )
          : text("", "");
      detail = text(
        `防御なし: 誤りパスワード ${made} 回がすべて遅延なく処理され（中央値 ${stats?.median ?? 0} ms）、その直後も正しいパスワードでログインできました${closes.ja}`,
        `undefended: all ${made} wrong passwords went through without delay (median ${stats?.median ?? 0} ms) and the valid password still logged in right after${closes.en}`,
      );
    } else {
      verdict = "INCONCLUSIVE";
      detail = text(
        `試行後の正しいパスワードでの確認が判断できません（${validDuring?.reply ?? "-"}）`,
        `the valid-password check after the attempts was unclear (${validDuring?.reply ?? "-"})`,
      );
    }
    units.push({ id: "defence", verdict, detail });
    if (lockout && validDuring && lockout.kind !== "silent")
      units.push({
        id: "valid-during-lockout",
        verdict:
          validDuring.outcome === "accepted"
            ? "FAIL"
            : validDuring.outcome === "error"
              ? "INCONCLUSIVE"
              : "PASS",
        detail:
          validDuring.outcome === "accepted"
            ? text(
                "制限中に正しいパスワードが受け入れられました",
                "the valid password was let in during the lockout",
              )
            : text(
                `制限中は正しいパスワードも拒否されました（${validDuring.reply}）`,
                `the valid password was refused during the lockout (${validDuring.reply})`,
              ),
      });
    if (lockout)
      units.push({
        id: "lockout-duration",
        verdict: duration ? "PASS" : "NOT_RUN",
        detail: duration
          ? text(
              `ロックアウトの継続時間: ${duration.seconds} 秒${duration.lowerBound ? "以上（測定上限に達しました）" : ""}`,
              `lockout lasted ${duration.lowerBound ? "at least " : ""}${duration.seconds} s${duration.lowerBound ? " (the measuring bound)" : ""}`,
            )
          : text(
              "ロックアウトの継続時間は測定しませんでした（lockoutProbeSeconds: 0）",
              "lockout duration not measured (lockoutProbeSeconds: 0)",
            ),
      });
    const defence = defenceParts.length > 0 && !throttleLetsValidIn ? defenceParts.join(", ") : "none";
    return finish(detail, {
      ...findings,
      lockout: lockout
        ? {
            kind: lockout.kind,
            afterAttempts: lockout.afterAttempts,
            reply: lockout.reply,
            ...(lockout.retryAfterSeconds !== undefined
              ? { retryAfterSeconds: lockout.retryAfterSeconds }
              : {}),
            validPasswordRefused: validRefused,
            ...(duration
              ? { durationSeconds: duration.seconds, durationIsLowerBound: duration.lowerBound }
              : {}),
          }
        : null,
      defence,
    });

    /** Polls until the lockout ends (valid password accepted, or a wrong one refused again), bounded. */
    async function measureLockout(
      seen: Lockout,
      alreadyOpen: boolean,
    ): Promise<{ seconds: number; lowerBound: boolean } | null> {
      if (alreadyOpen) return { seconds: 0, lowerBound: false };
      const until = Math.min(deadline, Date.now() + probeSeconds * 1000);
      let wait = Math.max(1, Math.min(seen.retryAfterSeconds ?? 1, probeSeconds));
      let n = 0;
      while (Date.now() + wait * 1000 <= until) {
        await sleep(wait * 1000, until);
        n += 1;
        const a =
          password !== undefined
            ? await attempt(session, log, user, password, "lockout-poll", n)
            : await attempt(session, log, user, wrongPassword(), "lockout-poll", n);
        const over =
          password !== undefined
            ? a.outcome === "accepted"
            : a.outcome === "refused" && seen.kind !== "silent";
        if (over) return { seconds: Math.round((log.elapsed() - seen.seenAt) / 100) / 10, lowerBound: false };
        if (password === undefined && seen.kind === "silent") return null;
        wait = Math.min(wait * 2, 15, Math.max(1, (until - Date.now()) / 1000));
        if (a.retryAfterSeconds !== undefined) wait = Math.max(1, Math.min(a.retryAfterSeconds, 15));
      }
      return { seconds: Math.round((log.elapsed() - seen.seenAt) / 1000), lowerBound: true };
    }

    /** After a throttled valid login: wait for the service to let the valid password in again (bounded). */
    async function waitForUnlock(first: Attempt): Promise<Attempt | null> {
      const seen: Lockout = {
        kind: first.outcome === "blocked" ? "block" : "throttle",
        afterAttempts: 0,
        reply: first.reply,
        seenAt: log.elapsed(),
        ...(first.retryAfterSeconds !== undefined ? { retryAfterSeconds: first.retryAfterSeconds } : {}),
      };
      log.add("wait", {
        reason: "locked out before the test",
        reply: first.reply,
        atMostSeconds: probeSeconds,
      });
      const d = await measureLockout(seen, false);
      if (!d || d.lowerBound) return null;
      return attempt(session, log, user, password as string, "valid", 0);
    }
  }
}

/** A random wrong password (never a real one). */
function wrongPassword(): string {
  return `jcstar-wrong-${randomBytes(6).toString("hex")}`;
}

/** One attempt, logged with its monotonic time, latency and outcome (the valid password is never logged). */
async function attempt(
  session: LoginSession,
  log: MonoLog,
  username: string,
  password: string,
  kind: Kind,
  n: number,
): Promise<Attempt> {
  const a = await session.attempt(username, password);
  log.add("attempt", {
    kind,
    n,
    username,
    ...(kind === "wrong" ? { password } : {}),
    outcome: a.outcome,
    reply: a.reply,
    latencyMs: ms(a.latencyMs),
    ...(a.status !== undefined ? { status: a.status } : {}),
    ...(a.closed && a.outcome !== "accepted" ? { closed: true } : {}),
    ...(a.reconnected ? { reconnected: true } : {}),
    ...(a.retryAfterSeconds !== undefined ? { retryAfter: a.retryAfterSeconds } : {}),
    ...(a.error ? { error: a.error } : {}),
  });
  return a;
}
