import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import type { DeviceAction, ValueSource } from "../profile/device-schema.ts";
import { text } from "../result/text.ts";
import type { Bilingual } from "../result/types.ts";
import { credentialsOf, type DeviceContext, serviceFor, sleep } from "./context.ts";
import { HttpSession, rawRequest } from "./http.ts";
import { readSource } from "./sources.ts";

/** Values substituted into `{{name}}` placeholders of an action. */
export type ActionVars = Record<string, string>;

/** What doing an action gave. */
export interface ActionOutcome {
  status: "done" | "failed" | "not-run";
  /** How the action was done, for the log: `http POST /api/reboot → 202`, `command exit 0`. */
  how: string;
  detail: Bilingual;
  /** "sync" when the action itself waited for the device (a command, a prompt). */
  mode: "async" | "sync";
}

/** A fresh random password: 20 characters of [A-Za-z0-9] (safe in JSON, URLs and shell words). */
export function randomPassword(length = 20): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(length * 2);
  let out = "";
  for (const b of bytes) {
    if (b >= 256 - (256 % alphabet.length)) continue;
    out += alphabet[b % alphabet.length];
    if (out.length === length) break;
  }
  return out.length === length ? out : randomPassword(length);
}

/** Replaces `{{name}}` in every string of a JSON value. */
export function template<T>(value: T, vars: ActionVars): T {
  if (typeof value === "string")
    return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => vars[k] ?? m) as T;
  if (Array.isArray(value)) return value.map((v) => template(v, vars)) as T;
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, template(v, vars)])) as T;
  return value;
}

/**
 * Does one action: an HTTP request to the profile's HTTP service (with its credentials unless
 * `auth: false`), a local shell command (`/bin/sh -c`, bounded, vars also in JCSTAR_* variables),
 * or a prompt to the tester (NOT_RUN in a non-interactive run). Never throws.
 */
export async function runAction(
  ctx: DeviceContext,
  name: string,
  action: DeviceAction,
  vars: ActionVars = {},
): Promise<ActionOutcome> {
  if (action.http) {
    const h = action.http;
    const service = serviceFor(ctx, "http", h.service);
    const creds = h.auth === false ? undefined : credentialsOf(ctx, service);
    const body = h.json === undefined ? undefined : JSON.stringify(template(h.json, vars));
    const headers: Record<string, string> = body ? { "Content-Type": "application/json" } : {};
    const answer = creds
      ? await new HttpSession(ctx, service, creds).request(h.method, h.path, body, headers)
      : await rawRequest(ctx.address, ctx.profile.host, service, {
          method: h.method,
          path: h.path,
          headers,
          ...(body ? { body } : {}),
          timeoutMs: ctx.timeoutMs,
        });
    const how = `http ${h.method} ${h.path} → ${answer.status || answer.error}`;
    if (answer.status >= 200 && answer.status < 300)
      return { status: "done", how, mode: "async", detail: text(`${name}: ${how}`, `${name}: ${how}`) };
    return {
      status: "failed",
      how,
      mode: "async",
      detail: text(`${name} を実行できませんでした（${how}）`, `${name} failed (${how})`),
    };
  }
  if (action.command) {
    const command = template(action.command, vars);
    const env: Record<string, string | undefined> = { ...process.env };
    for (const [k, v] of Object.entries(vars))
      env[`JCSTAR_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`] = v;
    const result = await new Promise<{ code: number | string; stderr: string }>((resolve) => {
      execFile(
        "/bin/sh",
        ["-c", command],
        { timeout: action.timeoutSeconds * 1000, killSignal: "SIGKILL", env, maxBuffer: 1_048_576 },
        (error, _stdout, stderr) => {
          const e = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
          resolve({ code: e ? (e.killed ? "TIMEOUT" : (e.code ?? "error")) : 0, stderr: String(stderr) });
        },
      );
    });
    const how = `command exit ${result.code}`;
    if (result.code === 0)
      return { status: "done", how, mode: "sync", detail: text(`${name}: ${how}`, `${name}: ${how}`) };
    const tail = result.stderr.trim().slice(-200);
    return {
      status: "failed",
      how,
      mode: "sync",
      detail: text(
        `${name} のコマンドが失敗しました（${how}${tail ? `: ${tail}` : ""}）`,
        `${name} command failed (${how}${tail ? `: ${tail}` : ""})`,
      ),
    };
  }
  const prompt = action.prompt ?? { ja: name, en: name };
  if (!ctx.prompt)
    return {
      status: "not-run",
      how: "prompt",
      mode: "sync",
      detail: text(
        `${name} は手作業が必要ですが、対話できない実行のため実施しませんでした: 「${prompt.ja}」`,
        `${name} needs the tester, but this run is not interactive: "${prompt.en}"`,
      ),
    };
  const done = await ctx.prompt(template(prompt, vars));
  return done
    ? {
        status: "done",
        how: "prompt",
        mode: "sync",
        detail: text(`${name}: 試験者が実施`, `${name}: done by the tester`),
      }
    : {
        status: "not-run",
        how: "prompt",
        mode: "sync",
        detail: text(`${name}: 試験者がスキップしました`, `${name}: skipped by the tester`),
      };
}

/**
 * Bounded wait for the device after an action. For an asynchronous action (an HTTP reboot request)
 * it first waits until the device stops answering (at most a quarter of the wait, 15 s at most),
 * then until `probe` answers again. Returns how long it took and whether the device came back.
 */
export async function waitForDevice(
  ctx: DeviceContext,
  probe: ValueSource | undefined,
  waitSeconds: number,
  mode: "async" | "sync",
  log: (event: string, fields?: Record<string, unknown>) => void,
): Promise<{ back: boolean; sawDown: boolean; ms: number }> {
  const started = Date.now();
  const until = Math.min(ctx.deadline, started + waitSeconds * 1000);
  const poll = ctx.pollMs ?? 250;
  const answers = async () => {
    if (probe) return (await readSource(ctx, probe)).ok;
    const http = ctx.profile.services.find((s) => s.protocol === "http" || s.protocol === "https");
    if (http) {
      const a = await rawRequest(ctx.address, ctx.profile.host, http, {
        method: "GET",
        path: "/",
        timeoutMs: 1000,
      });
      return a.status !== 0;
    }
    const service = ctx.profile.services[0];
    if (!service) return true;
    return tcpOpen(ctx.address, service.port, 1000);
  };
  let sawDown = false;
  if (mode === "async") {
    const downUntil = Math.min(until, started + Math.min(15_000, (waitSeconds * 1000) / 4));
    while (Date.now() < downUntil) {
      if (!(await answers())) {
        sawDown = true;
        break;
      }
      await sleep(poll);
    }
    log("wait-down", { sawDown, ms: Date.now() - started });
  }
  while (Date.now() < until) {
    if (await answers()) {
      const ms = Date.now() - started;
      log("device-back", { ms });
      return { back: true, sawDown, ms };
    }
    sawDown = true;
    await sleep(poll);
  }
  const ms = Date.now() - started;
  log("device-not-back", { ms, waitSeconds });
  return { back: false, sawDown, ms };
}

/** True when a TCP connection to host:port opens within `timeoutMs`. */
export function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
