import { credentialsOf, DEFAULT_LOGINS, type DeviceContext, serviceFor } from "../actions/context.ts";
import { createDeviceLog } from "../actions/log.ts";
import { deviceResultBuilder } from "../actions/result.ts";
import { randomPassword, runAction, waitForDevice } from "../actions/run-action.ts";
import { isNonEmpty, readSource, tryLogin } from "../actions/sources.ts";
import { loginServices } from "../persistence/probe.ts";
import type { ValueSource } from "../profile/device-schema.ts";
import type { ProfileService } from "../profile/schema.ts";
import { text } from "../result/text.ts";
import type { ProbeResult, TestUnit } from "../result/types.ts";

interface Read {
  where: string;
  ok: boolean;
  value: unknown;
  text: string | null;
  status?: number;
}

/**
 * The reset probe (S1.1-15). Before: the user-set credential works and the user data is readable.
 * Then `actions.reset` and a bounded wait. After: that credential is refused and no default
 * credential gets in; the probe completes first-use set-up (`actions.setup`) with a fresh random
 * password (`{{newPassword}}`), logs in with it, and checks that the user data and the settings are
 * gone. The new password is handed to `ctx.onSecret` once and never written into results.
 * Never throws.
 */
export async function runResetProbe(ctx: DeviceContext): Promise<ProbeResult> {
  const log = createDeviceLog();
  const done = deviceResultBuilder(
    { probe: "reset", criteria: ["S1.1-15"], log: log.entries },
    text(
      "初期化で利用者の認証情報・データ・設定が消去され、既定のパスワードも使えませんでした",
      "the reset erased the user-set credential, user data and settings, and no default password gets in",
    ),
  );
  const reset = ctx.profile.actions?.reset;
  if (!reset) {
    const detail = text(
      "プロファイルに actions.reset がないため実行しませんでした（手順は jcstar probe guide S1.1-15）",
      "not run: the profile has no actions.reset (for a manual reset: jcstar probe guide S1.1-15)",
    );
    return done([{ id: "configuration", verdict: "NOT_RUN", detail }], {});
  }
  const readAll = async (sources: ValueSource[], phase: string, what: string): Promise<Read[]> => {
    const out: Read[] = [];
    for (const s of sources) {
      const r = await readSource(ctx, s);
      log.add(
        "read",
        r.ok
          ? { phase, what, where: r.where, value: r.text }
          : { phase, what, where: r.where, error: r.error },
      );
      out.push(
        r.ok
          ? { where: r.where, ok: true, value: r.value, text: r.text }
          : {
              where: r.where,
              ok: false,
              value: undefined,
              text: null,
              ...(r.status ? { status: r.status } : {}),
            },
      );
    }
    return out;
  };
  const userDataSources = ctx.profile.state?.userData ?? [];
  const settingSources = ctx.profile.state?.settings ?? [];
  const services = loginServices(ctx);

  // Before.
  const units: TestUnit[] = [];
  const beforeLogins: Record<string, string> = {};
  for (const s of services) {
    const creds = credentialsOf(ctx, s);
    if (!creds) continue;
    const r = await tryLogin(ctx, s, creds);
    log.add("login", {
      phase: "before",
      service: s.id,
      account: "user-set",
      username: creds.username,
      result: r.outcome,
      answer: r.detail,
    });
    beforeLogins[s.id] = r.outcome;
  }
  const userBefore = await readAll(userDataSources, "before", "user-data");
  const settingsBefore = await readAll(settingSources, "before", "setting");
  const bad = Object.entries(beforeLogins).filter(([, o]) => o !== "accepted");
  const unreadable = [...userBefore, ...settingsBefore].filter((r) => !r.ok);
  if (bad.length > 0 || unreadable.length > 0) {
    const why = [
      ...bad.map(([s, o]) => `${s}: user-set credential ${o}`),
      ...unreadable.map((r) => `${r.where}: ${r.status ?? "error"}`),
    ].join(", ");
    const detail = text(
      `初期化前の状態を取得できません（${why}）`,
      `cannot read the state before the reset (${why})`,
    );
    return done([{ id: "baseline", verdict: "ERROR", detail }], { beforeLogins });
  }
  const emptyBefore = userBefore.filter((r) => !isNonEmpty(r.value));
  if (emptyBefore.length > 0)
    units.push({
      id: "user-data-before",
      verdict: "INCONCLUSIVE",
      detail: text(
        `初期化前に利用者データがありません（${emptyBefore.map((r) => r.where).join(", ")}）。データを保存してから試験してください`,
        `no user data before the reset (${emptyBefore.map((r) => r.where).join(", ")}): store some before the test`,
      ),
    });

  // Reset.
  ctx.onProgress?.(text("初期化の操作を実行中…", "resetting the device…"));
  const action = await runAction(ctx, "reset", reset);
  log.add("action", { name: "reset", result: action.status, how: action.how });
  if (action.status !== "done")
    return done(
      [{ id: "reset", verdict: action.status === "not-run" ? "NOT_RUN" : "ERROR", detail: action.detail }],
      { beforeLogins },
      action.detail,
    );
  const wait = await waitForDevice(ctx, undefined, reset.waitSeconds, action.mode, log.add);
  if (!wait.back) {
    const detail = text(
      `初期化後 ${reset.waitSeconds} 秒以内に機器が応答しませんでした`,
      `the device did not answer within ${reset.waitSeconds} s of the reset`,
    );
    return done([...units, { id: "reset", verdict: "ERROR", detail }], { beforeLogins });
  }
  units.push({
    id: "reset",
    verdict: "PASS",
    detail: text(
      `${action.how}、${Math.round(wait.ms / 100) / 10} 秒後に応答`,
      `${action.how}; answering again after ${Math.round(wait.ms / 100) / 10} s`,
    ),
  });

  // After: old credential and defaults.
  const oldStillWorks: string[] = [];
  const oldUnclear: string[] = [];
  const defaultsIn: string[] = [];
  for (const s of services) {
    const creds = credentialsOf(ctx, s);
    if (!creds) continue;
    const r = await tryLogin(ctx, s, creds);
    log.add("login", {
      phase: "after",
      service: s.id,
      account: "user-set",
      username: creds.username,
      result: r.outcome,
      answer: r.detail,
    });
    if (r.outcome === "accepted") oldStillWorks.push(s.id);
    else if (r.outcome !== "refused") oldUnclear.push(`${s.id} (${r.outcome})`);
    for (const d of DEFAULT_LOGINS) {
      const x = await tryLogin(ctx, s, d);
      log.add("login", {
        phase: "after",
        service: s.id,
        account: "default",
        username: d.username,
        result: x.outcome,
        answer: x.detail,
      });
      if (x.outcome === "accepted") defaultsIn.push(`${s.id} ${d.username}`);
    }
  }
  if (services.length > 0) {
    units.push(
      oldStillWorks.length > 0
        ? {
            id: "old-credential-refused",
            verdict: "FAIL",
            detail: text(
              `初期化後も以前の認証情報でログインできます: ${oldStillWorks.join(", ")}`,
              `the previous credential still works after the reset: ${oldStillWorks.join(", ")}`,
            ),
          }
        : oldUnclear.length > 0
          ? {
              id: "old-credential-refused",
              verdict: "INCONCLUSIVE",
              detail: text(
                `以前の認証情報の確認結果が不明です: ${oldUnclear.join(", ")}`,
                `the previous credential gave no clear answer: ${oldUnclear.join(", ")}`,
              ),
            }
          : {
              id: "old-credential-refused",
              verdict: "PASS",
              detail: text(
                "初期化後、以前の認証情報は拒否されました",
                "the previous credential is refused after the reset",
              ),
            },
    );
    units.push(
      defaultsIn.length > 0
        ? {
            id: "no-default-credential",
            verdict: "FAIL",
            detail: text(
              `初期化後、既定のパスワードでログインできます: ${defaultsIn.join(", ")}`,
              `after the reset a default password gets in: ${defaultsIn.join(", ")}`,
            ),
          }
        : {
            id: "no-default-credential",
            verdict: "PASS",
            detail: text(
              `初期化後、既定のパスワード（${DEFAULT_LOGINS.length} 組）ではログインできません`,
              `no default password (${DEFAULT_LOGINS.length} tried) gets in after the reset`,
            ),
          },
    );
  }

  // First-use set-up with a fresh password.
  const setup = ctx.profile.actions?.setup;
  const setupService: ProfileService | undefined = setup?.http
    ? serviceFor(ctx, "http", setup.http.service)
    : services[0];
  const findings: Record<string, unknown> = { beforeLogins, oldStillWorks, defaultsIn, resetMs: wait.ms };
  if (!setup || !setupService) {
    units.push({
      id: "setup",
      verdict: "NOT_RUN",
      detail: text(
        "actions.setup がないため、初回設定と消去の確認はしていません",
        "no actions.setup: first-use set-up and the erasure checks were not done",
      ),
    });
    units.push({
      id: "user-data-erased",
      verdict: "INCONCLUSIVE",
      detail: text(
        "初回設定ができないため利用者データの消去を確認できません",
        "cannot check the user data without first-use set-up",
      ),
    });
    return done(units, findings);
  }
  const username = credentialsOf(ctx, setupService)?.username ?? setupService.auth?.username ?? "admin";
  const newPassword = randomPassword();
  const setupAction = {
    ...setup,
    ...(setup.http ? { http: { ...setup.http, auth: setup.http.auth ?? false } } : {}),
  };
  const s = await runAction(ctx, "setup", setupAction, { newPassword, username });
  log.add("action", {
    name: "setup",
    result: s.status,
    how: s.how,
    newPassword: `(${newPassword.length} random characters, not recorded)`,
  });
  if (s.status !== "done") {
    units.push({ id: "setup", verdict: s.status === "not-run" ? "NOT_RUN" : "ERROR", detail: s.detail });
    return done(units, findings);
  }
  for (const svc of setup.http ? [setupService] : services) ctx.passwords.set(svc.id, newPassword);
  ctx.onSecret?.(
    text(
      `初期化後に設定した新しいパスワード（${setupService.id}、${username}）`,
      `new password set after the reset (${setupService.id}, ${username})`,
    ),
    newPassword,
  );
  const login = await tryLogin(ctx, setupService, { username, password: newPassword });
  log.add("login", {
    phase: "after-setup",
    service: setupService.id,
    account: "new",
    username,
    result: login.outcome,
    answer: login.detail,
  });
  units.push(
    login.outcome === "accepted"
      ? {
          id: "setup",
          verdict: "PASS",
          detail: text(
            "新しいランダムなパスワードで初回設定し、ログインできました",
            "first-use set-up with a fresh random password, and it logs in",
          ),
        }
      : {
          id: "setup",
          verdict: "ERROR",
          detail: text(
            `初回設定の後、新しいパスワードでログインできません（${login.detail}）`,
            `after first-use set-up the new password does not log in (${login.detail})`,
          ),
        },
  );
  if (login.outcome !== "accepted") return done(units, findings);

  const userAfter = await readAll(userDataSources, "after", "user-data");
  const settingsAfter = await readAll(settingSources, "after", "setting");
  const kept = userAfter.filter((r, i) => {
    const expectNonEmpty = userDataSources[i]?.http?.expect ?? userDataSources[i]?.mqtt?.expect;
    if (!r.ok) return false;
    return expectNonEmpty ? isNonEmpty(r.value) : r.text === userBefore[i]?.text;
  });
  const unreadableAfter = userAfter.filter((r) => !r.ok && r.status === undefined);
  units.push(
    userDataSources.length === 0
      ? {
          id: "user-data-erased",
          verdict: "NOT_RUN",
          detail: text("プロファイルに state.userData がありません", "the profile lists no state.userData"),
        }
      : kept.length > 0
        ? {
            id: "user-data-erased",
            verdict: "FAIL",
            detail: text(
              `初期化後も利用者データが残っています: ${kept.map((r) => `${r.where} = ${r.text?.slice(0, 80)}`).join(", ")}`,
              `user data is still there after the reset: ${kept.map((r) => `${r.where} = ${r.text?.slice(0, 80)}`).join(", ")}`,
            ),
          }
        : unreadableAfter.length > 0
          ? {
              id: "user-data-erased",
              verdict: "INCONCLUSIVE",
              detail: text(
                `初期化後の利用者データを読めません: ${unreadableAfter.map((r) => r.where).join(", ")}`,
                `cannot read the user data after the reset: ${unreadableAfter.map((r) => r.where).join(", ")}`,
              ),
            }
          : {
              id: "user-data-erased",
              verdict: "PASS",
              detail: text(
                `利用者データは消去されました（${userAfter.length} 件）`,
                `user data erased (${userAfter.length})`,
              ),
            },
  );
  const settingIssues: {
    where: string;
    text: string | null;
    factory?: string;
    verdict: "FAIL" | "INCONCLUSIVE";
  }[] = [];
  settingsAfter.forEach((r, i) => {
    const factory = settingSources[i]?.factory;
    if (factory !== undefined) {
      if (!r.ok || r.text !== String(factory))
        settingIssues.push({ where: r.where, text: r.text, factory: String(factory), verdict: "FAIL" });
    } else if (r.ok && r.text === settingsBefore[i]?.text)
      settingIssues.push({ where: r.where, text: r.text, verdict: "INCONCLUSIVE" });
  });
  const list = (lang: "ja" | "en") =>
    settingIssues
      .map((x) =>
        x.factory !== undefined
          ? `${x.where} = ${x.text ?? "?"} (${lang === "ja" ? "工場出荷値" : "factory"} ${x.factory})`
          : `${x.where} = ${x.text}`,
      )
      .join(", ");
  units.push(
    settingSources.length === 0
      ? {
          id: "settings-erased",
          verdict: "NOT_RUN",
          detail: text("プロファイルに state.settings がありません", "the profile lists no state.settings"),
        }
      : settingIssues.some((x) => x.verdict === "FAIL")
        ? {
            id: "settings-erased",
            verdict: "FAIL",
            detail: text(
              `初期化後も設定が工場出荷値に戻っていません: ${list("ja")}`,
              `settings are not back to their factory values after the reset: ${list("en")}`,
            ),
          }
        : settingIssues.length > 0
          ? {
              id: "settings-erased",
              verdict: "INCONCLUSIVE",
              detail: text(
                `初期化の前後で設定値が同じです（工場出荷値のままだった可能性があります。factory に工場出荷値を書くか、試験前に変更してください）: ${list("ja")}`,
                `settings unchanged by the reset (they may have had the factory value: give it in factory, or change them before the test): ${list("en")}`,
              ),
            }
          : {
              id: "settings-erased",
              verdict: "PASS",
              detail: text(
                `設定は初期値に戻りました: ${settingsAfter.map((r, i) => `${r.where}: ${settingsBefore[i]?.text} → ${r.text ?? "なし"}`).join(", ")}`,
                `settings are back to their defaults: ${settingsAfter.map((r, i) => `${r.where}: ${settingsBefore[i]?.text} → ${r.text ?? "none"}`).join(", ")}`,
              ),
            },
  );
  return done(units, {
    ...findings,
    userDataKept: kept.map((r) => r.where),
    settingsKept: settingIssues.map((x) => x.where),
  });
}
