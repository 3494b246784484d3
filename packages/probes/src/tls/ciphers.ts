import { legacySuiteCodes, suiteByCode, WEAK_CATEGORIES, type WeakCategory } from "./cipher-suites.ts";
import { type HelloTarget, tryHello } from "./handshake.ts";
import type { ProtocolName } from "./versions.ts";

/** A weak suite the server agreed to, with the protocol it was offered in. */
export interface WeakCipherFinding {
  protocol: ProtocolName;
  suite: string;
  categories: WeakCategory[];
}

/**
 * For each protocol in `protocols` (SSLv3 … TLS 1.2; TLS 1.3 has no weak suites, SSLv2 is weak as a
 * whole) and each weak category, offers only that category's suites and records the suite the
 * server picked, if any. One handshake per (protocol, category); `onTry` sees every attempt.
 */
export async function findWeakCiphers(
  target: HelloTarget,
  protocols: readonly ProtocolName[],
  onTry?: (protocol: ProtocolName, category: WeakCategory, suite: string | null) => void,
): Promise<WeakCipherFinding[]> {
  const findings: WeakCipherFinding[] = [];
  for (const protocol of protocols) {
    if (protocol === "SSLv2" || protocol === "TLSv1.3") continue;
    const outcomes = await Promise.all(
      WEAK_CATEGORIES.map(async (category) => {
        const outcome = await tryHello(target, protocol, legacySuiteCodes(category));
        const code = outcome.accepted ? outcome.response.cipherSuite : undefined;
        const suite = code === undefined ? null : suiteByCode(code);
        onTry?.(protocol, category, suite?.name ?? null);
        return suite;
      }),
    );
    for (const suite of outcomes) {
      if (suite && !findings.some((f) => f.protocol === protocol && f.suite === suite.name))
        findings.push({ protocol, suite: suite.name, categories: suite.categories });
    }
  }
  return findings;
}
