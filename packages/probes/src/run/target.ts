import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { exchange } from "../net/exchange.ts";
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
  const answers = await Promise.all(
    tried.map((port) => exchange(address, port, { timeoutMs, maxBytes: 1, until: () => true })),
  );
  if (answers.some((a) => a.connected || a.error === "ECONNREFUSED" || a.error === "ECONNRESET")) return;
  const reasons = [...new Set(answers.map((a) => a.error ?? "no answer"))].join(", ");
  throw new RunError({
    ja: `ホスト ${address} に到達できません（ポート ${tried.join(", ")}: ${reasons}）`,
    en: `host ${address} is unreachable (ports ${tried.join(", ")}: ${reasons})`,
  });
}
