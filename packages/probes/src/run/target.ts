import { lookup } from "node:dns/promises";
import { connect, isIP } from "node:net";
import type { Bilingual } from "../result/types.ts";

/** The run could not be done (exit code 2): bad target, unreachable host. */
export class RunError extends Error {
  readonly text: Bilingual;
  constructor(text: Bilingual) {
    super(text.en);
    this.name = "RunError";
    this.text = text;
  }
}

/** Resolves the profile host once (every probe then uses this one address). Throws RunError. */
export async function resolveHost(host: string): Promise<string> {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  if (isIP(bare) !== 0) return bare;
  try {
    return (await lookup(bare)).address;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new RunError({
      ja: `ホスト ${host} の名前を解決できません（${reason}）`,
      en: `cannot resolve host ${host} (${reason})`,
    });
  }
}

/**
 * Checks that the address answers at all: a TCP connection to one of `ports` either opens or is
 * refused (both prove the host is there). Throws RunError when every attempt times out or
 * fails with a network error (EHOSTUNREACH, ENETUNREACH, …).
 */
export async function assertReachable(
  address: string,
  ports: readonly number[],
  timeoutMs = 3000,
): Promise<void> {
  const tried = [...new Set(ports.length > 0 ? ports : [80, 443, 22])].slice(0, 5);
  const answers = await Promise.all(tried.map((port) => knock(address, port, timeoutMs)));
  if (answers.some((a) => a === "connected" || a === "ECONNREFUSED" || a === "ECONNRESET")) return;
  const reasons = [...new Set(answers)].join(", ");
  throw new RunError({
    ja: `ホスト ${address} に到達できません（ポート ${tried.join(", ")}: ${reasons}）`,
    en: `host ${address} is unreachable (ports ${tried.join(", ")}: ${reasons})`,
  });
}

/** One TCP connection attempt: `connected`, an error code, or `TIMEOUT`. */
function knock(address: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const done = (answer: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done("TIMEOUT"), timeoutMs);
    socket.once("connect", () => done("connected"));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code ?? "error"));
  });
}
