import { credentialsOf, DEFAULT_LOGINS, type DeviceContext, sleep } from "../actions/context.ts";
import type { LoginOutcome } from "../actions/http.ts";
import { createDeviceLog } from "../actions/log.ts";
import { deviceResultBuilder } from "../actions/result.ts";
import { runAction, waitForDevice } from "../actions/run-action.ts";
import { readSource, tryLogin } from "../actions/sources.ts";
import type { ProfileService } from "../profile/schema.ts";
import { text } from "../result/text.ts";
import type { ProbeResult, TestUnit } from "../result/types.ts";

type Add = (event: string, fields?: Record<string, unknown>) => void;

/** What the probe saw of the device at one moment. */
export interface DeviceSnapshot {
  version: string | null | undefined;
  settings: { where: string; value: string | null }[];
  userData: { where: string; value: string | null }[];
  logins: { service: string; user: LoginOutcome; defaults: string[] }[];
  /** Reads that failed (network, HTTP error). */
  errors: string[];
}

/** Services whose user-set credential is known (auth.username + passwordEnv). */
export function loginServices(ctx: DeviceContext): ProfileService[] {
  return ctx.profile.services.filter((s) => credentialsOf(ctx, s) !== undefined);
}

/** Tries the user credential, then the well-known defaults, on one service. */
export async function loginCheck(ctx: DeviceContext, service: ProfileService, add: Add, phase: string) {
  const creds = credentialsOf(ctx, service);
  const user = creds
    ? await tryLogin(ctx, service, creds)
    : { outcome: "error" as const, detail: "no credential" };
  add("login", {
    phase,
    service: service.id,
    account: "user-set",
    username: creds?.username,
    result: user.outcome,
    answer: user.detail,
  });
  const defaults: string[] = [];
  for (const d of DEFAULT_LOGINS) {
    const r = await tryLogin(ctx, service, d);
    add("login", {
      phase,
      service: service.id,
      account: "default",
      username: d.username,
      result: r.outcome,
      answer: r.detail,
    });
    if (r.outcome === "accepted") defaults.push(d.username);
  }
  return { service: service.id, user: user.outcome, defaults };
}

/** Reads version, settings, user data and the logins. */
export async function snapshot(ctx: DeviceContext, add: Add, phase: string): Promise<DeviceSnapshot> {
  const errors: string[] = [];
  const readAll = async (
    sources: NonNullable<DeviceContext["profile"]["state"]>["settings"],
    what: string,
  ) => {
    const out: { where: string; value: string | null }[] = [];
    for (const s of sources) {
      const r = await readSource(ctx, s);
      add(
        "read",
        r.ok
          ? { phase, what, where: r.where, value: r.text }
          : { phase, what, where: r.where, error: r.error },
      );
      if (!r.ok && r.status === undefined && !r.absent) errors.push(`${r.where}: ${r.error}`);
      out.push({ where: r.where, value: r.ok ? r.text : null });
    }
    return out;
  };
  let version: string | null | undefined;
  if (ctx.profile.info?.version) {
    const r = await readSource(ctx, ctx.profile.info.version);
    add(
      "read",
      r.ok
        ? { phase, what: "version", where: r.where, value: r.text }
        : { phase, what: "version", where: r.where, error: r.error },
    );
    version = r.ok ? r.text : null;
    if (!r.ok) errors.push(`${r.where}: ${r.error}`);
  }
  const settings = await readAll(ctx.profile.state?.settings ?? [], "setting");
  const userData = await readAll(ctx.profile.state?.userData ?? [], "user-data");
  const logins = [];
  for (const s of loginServices(ctx)) logins.push(await loginCheck(ctx, s, add, phase));
  return { version, settings, userData, logins, errors };
}

/**
 * The persistence probe (S1.1-14): snapshot (version, settings, user data, the user-set credential
 * works, default credentials fail) → `actions.restart` → bounded wait for the device → snapshot →
 * compare. PASS when the credential, the update state (version) and the settings survived.
 * Never throws.
 */
export async function runPersistenceProbe(ctx: DeviceContext): Promise<ProbeResult> {
  const log = createDeviceLog();
  const done = deviceResultBuilder(
    { probe: "persistence", criteria: ["S1.1-14"], log: log.entries },
    text(
      "再起動後も認証情報・更新状態・設定が保持されていました",
      "credentials, update state and settings survived the restart",
    ),
  );
  const restart = ctx.profile.actions?.restart;
  if (!restart) {
    const detail = text(
      "プロファイルに actions.restart がないため実行しませんでした",
      "not run: the profile has no actions.restart",
    );
    return done([{ id: "configuration", verdict: "NOT_RUN", detail }], {});
  }
  const before = await snapshot(ctx, log.add, "before");
  const baselineBad = before.logins.filter((l) => l.user !== "accepted");
  if (before.errors.length > 0 || baselineBad.length > 0) {
    const why = [
      ...before.errors,
      ...baselineBad.map((l) => `${l.service}: user-set credential ${l.user}`),
    ].join(", ");
    const detail = text(
      `再起動前の状態を取得できません（${why}）`,
      `cannot take the snapshot before the restart (${why})`,
    );
    return done([{ id: "baseline", verdict: "ERROR", detail }], { before });
  }
  ctx.onProgress?.(text("再起動の操作を実行中…", "restarting the device…"));
  const action = await runAction(ctx, "restart", restart);
  log.add("action", { name: "restart", result: action.status, how: action.how });
  if (action.status !== "done")
    return done(
      [{ id: "restart", verdict: action.status === "not-run" ? "NOT_RUN" : "ERROR", detail: action.detail }],
      { before },
      action.detail,
    );
  const wait = await waitForDevice(ctx, undefined, restart.waitSeconds, action.mode, log.add);
  if (!wait.back) {
    const detail = text(
      `再起動後 ${restart.waitSeconds} 秒以内に機器が応答しませんでした`,
      `the device did not answer within ${restart.waitSeconds} s of the restart`,
    );
    return done([{ id: "restart", verdict: "ERROR", detail }], { before });
  }
  let after = await snapshot(ctx, log.add, "after");
  const retryUntil = Math.min(ctx.deadline, Date.now() + restart.waitSeconds * 1000);
  while (after.errors.length > 0 && Date.now() < retryUntil) {
    await sleep(ctx.pollMs ?? 250);
    after = await snapshot(ctx, log.add, "after-retry");
  }
  const units: TestUnit[] = [
    {
      id: "restart",
      verdict: "PASS",
      detail: text(
        `${action.how} の後、${Math.round(wait.ms / 100) / 10} 秒で機器が応答しました${wait.sawDown ? "" : "（停止は観測できませんでした）"}`,
        `the device answered ${Math.round(wait.ms / 100) / 10} s after ${action.how}${wait.sawDown ? "" : " (no outage was observed)"}`,
      ),
    },
  ];
  units.push(...compareSnapshots(before, after));
  return done(units, { before, after, restartMs: wait.ms, sawDown: wait.sawDown });
}

/** Units comparing two snapshots (credentials, defaults, version, settings, user data). */
export function compareSnapshots(before: DeviceSnapshot, after: DeviceSnapshot): TestUnit[] {
  const units: TestUnit[] = [];
  const lost = after.logins.filter((l) => l.user !== "accepted");
  units.push(
    lost.length === 0
      ? {
          id: "credential-kept",
          verdict: before.logins.length ? "PASS" : "NOT_RUN",
          detail: before.logins.length
            ? text(
                "利用者が設定した認証情報で再起動後もログインできます",
                "the user-set credential still works after the restart",
              )
            : text(
                "確認できる認証情報がありません（auth.username と passwordEnv）",
                "no credential to check (auth.username and passwordEnv)",
              ),
        }
      : {
          id: "credential-kept",
          verdict: lost.some((l) => l.user === "refused") ? "FAIL" : "INCONCLUSIVE",
          detail: text(
            `再起動後、利用者が設定した認証情報が使えません: ${lost.map((l) => `${l.service} (${l.user})`).join(", ")}`,
            `after the restart the user-set credential no longer works: ${lost.map((l) => `${l.service} (${l.user})`).join(", ")}`,
          ),
        },
  );
  const defaults = after.logins.filter((l) => l.defaults.length > 0);
  if (after.logins.length)
    units.push(
      defaults.length === 0
        ? {
            id: "no-default-credential",
            verdict: "PASS",
            detail: text(
              "再起動後も既定のパスワードではログインできません",
              "no default password gets in after the restart",
            ),
          }
        : {
            id: "no-default-credential",
            verdict: "FAIL",
            detail: text(
              `再起動後、既定のパスワードでログインできます: ${defaults.map((l) => `${l.service} ${l.defaults.join("/")}`).join(", ")}`,
              `after the restart a default password gets in: ${defaults.map((l) => `${l.service} ${l.defaults.join("/")}`).join(", ")}`,
            ),
          },
    );
  if (before.version === undefined)
    units.push({
      id: "update-state-kept",
      verdict: "NOT_RUN",
      detail: text(
        "info.version がないため更新状態は確認していません",
        "update state not checked: the profile has no info.version",
      ),
    });
  else
    units.push(
      before.version === after.version
        ? {
            id: "update-state-kept",
            verdict: "PASS",
            detail: text(
              `ファームウェアのバージョンは ${after.version} のままです`,
              `the firmware version stayed ${after.version}`,
            ),
          }
        : {
            id: "update-state-kept",
            verdict: "FAIL",
            detail: text(
              `ファームウェアのバージョンが変わりました: ${before.version} → ${after.version ?? "読めません"}`,
              `the firmware version changed: ${before.version} → ${after.version ?? "unreadable"}`,
            ),
          },
    );
  const diff = (a: DeviceSnapshot["settings"], b: DeviceSnapshot["settings"]) =>
    a.flatMap((x, i) =>
      b[i]?.value === x.value ? [] : [`${x.where}: ${x.value ?? "?"} → ${b[i]?.value ?? "?"}`],
    );
  const pair = (
    id: string,
    ja: string,
    en: string,
    a: DeviceSnapshot["settings"],
    b: DeviceSnapshot["settings"],
  ) => {
    if (a.length === 0)
      return {
        id,
        verdict: "NOT_RUN" as const,
        detail: text(`プロファイルに${ja}の読み取り先がありません`, `the profile lists no ${en}`),
      };
    const d = diff(a, b);
    return d.length === 0
      ? {
          id,
          verdict: "PASS" as const,
          detail: text(
            `${ja}は再起動後も同じです（${a.length} 件）`,
            `${en} unchanged after the restart (${a.length})`,
          ),
        }
      : {
          id,
          verdict: "FAIL" as const,
          detail: text(
            `再起動で${ja}が失われました: ${d.join(", ")}`,
            `${en} lost in the restart: ${d.join(", ")}`,
          ),
        };
  };
  units.push(pair("settings-kept", "設定", "settings", before.settings, after.settings));
  units.push(pair("user-data-kept", "利用者データ", "user data", before.userData, after.userData));
  return units;
}
