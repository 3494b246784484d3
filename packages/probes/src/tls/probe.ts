import { X509Certificate } from "node:crypto";
import type { ProfileService } from "../profile/schema.ts";
import { createLog } from "../result/log.ts";
import { text } from "../result/text.ts";
import type { ProbeResult } from "../result/types.ts";
import { combineVerdicts } from "../result/verdict.ts";
import { certificateUnits, cipherUnits, protocolUnits } from "./assess.ts";
import { type CertificateFindings, describeCertificate, fetchCertificate } from "./certificate.ts";
import { WEAK_CATEGORIES } from "./cipher-suites.ts";
import { findWeakCiphers } from "./ciphers.ts";
import { type HelloOutcome, tryHello } from "./handshake.ts";
import { PROTOCOLS, type ProtocolName } from "./versions.ts";

/** Inputs of the tls probe for one service. */
export interface TlsProbeOptions {
  /** Address to connect to (the profile host, resolved). */
  address: string;
  /** The profile's host as written (for SNI and the host-name check). */
  hostName: string;
  service: Pick<ProfileService, "id" | "port" | "protocol">;
  /** Per-connection time limit in ms (default 5000). */
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * The tls probe (S1.1-12) for one TLS service: which of SSLv2 … TLS 1.3 the server accepts
 * (hand-built hellos), which weak cipher categories it accepts, and its certificate.
 * ERROR when no protocol could be negotiated at all. Never throws.
 */
export async function runTlsProbe(options: TlsProbeOptions): Promise<ProbeResult> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const log = createLog(now);
  const target = {
    host: options.address,
    port: options.service.port,
    serverName: options.hostName,
    timeoutMs: options.timeoutMs ?? 5000,
  };
  const outcomes: HelloOutcome[] = await Promise.all(PROTOCOLS.map((p) => tryHello(target, p)));
  const accepted = Object.fromEntries(PROTOCOLS.map((p) => [p, false])) as Record<ProtocolName, boolean>;
  for (const o of outcomes) {
    accepted[o.protocol] = o.accepted;
    log.add("client-hello", {
      port: target.port,
      protocol: o.protocol,
      result: o.accepted ? "accepted" : "rejected",
      answer: o.response.kind,
      ...(o.response.version !== undefined ? { version: `0x${o.response.version.toString(16)}` } : {}),
      ...(o.response.alert ? { alert: o.response.alert.description } : {}),
      ...(o.error ? { error: o.error } : {}),
      ms: o.durationMs,
    });
  }
  const base = { probe: "tls", service: options.service.id, criteria: ["S1.1-12"] };
  const acceptedList = PROTOCOLS.filter((p) => accepted[p]);
  if (acceptedList.length === 0) {
    const unreachable = outcomes.every((o) => o.error !== undefined);
    const reason = outcomes.find((o) => o.error)?.error ?? "no TLS answer";
    const detail = unreachable
      ? text(
          `ポート ${target.port} に接続できません（${reason}）`,
          `cannot connect to port ${target.port} (${reason})`,
        )
      : text(
          `ポート ${target.port} はどの TLS/SSL バージョンも受け入れませんでした（TLS サービスではない可能性があります）`,
          `port ${target.port} accepted no SSL/TLS version (it may not be a TLS service)`,
        );
    return {
      ...base,
      verdict: "ERROR",
      summary: detail,
      findings: { protocols: accepted, weakCiphers: [], certificate: null },
      units: [{ id: "handshake", verdict: "ERROR", detail }],
      log: log.entries,
      durationMs: Date.now() - started,
    };
  }
  const weak = await findWeakCiphers(target, acceptedList, (protocol, category, suite) =>
    log.add("cipher-check", {
      protocol,
      category,
      result: suite === null ? "rejected" : "accepted",
      ...(suite ? { suite } : {}),
    }),
  );
  const certificate = await certificateOf(target, outcomes, now(), log.add);
  const units = [
    ...protocolUnits(accepted),
    ...cipherUnits(weak, accepted.SSLv2, WEAK_CATEGORIES),
    ...certificateUnits(certificate),
  ];
  const verdict = combineVerdicts(units.map((u) => u.verdict));
  return {
    ...base,
    verdict,
    summary: summarize(acceptedList, units),
    findings: { protocols: accepted, weakCiphers: weak, certificate },
    units,
    log: log.entries,
    durationMs: Date.now() - started,
  };
}

async function certificateOf(
  target: { host: string; port: number; serverName: string; timeoutMs: number },
  outcomes: HelloOutcome[],
  now: Date,
  add: (event: string, fields?: Record<string, unknown>) => void,
): Promise<CertificateFindings | null> {
  const fetched = await fetchCertificate(target);
  if (fetched) {
    add("certificate", { source: "node:tls", protocol: fetched.protocol, trusted: fetched.trusted });
    const extra = {
      trusted: fetched.trusted,
      source: "node:tls" as const,
      ...(fetched.trustError ? { trustError: fetched.trustError } : {}),
    };
    return describeCertificate(fetched.cert, target.serverName, extra, now);
  }
  const der = outcomes.find((o) => o.accepted && o.response.certificates.length > 0)?.response
    .certificates[0];
  if (!der) {
    add("certificate", { result: "unavailable" });
    return null;
  }
  try {
    add("certificate", { source: "handshake" });
    return describeCertificate(
      new X509Certificate(der),
      target.serverName,
      { trusted: null, source: "handshake" },
      now,
    );
  } catch (error) {
    add("certificate", { result: "unparseable", error: (error as Error).message });
    return null;
  }
}

function summarize(
  acceptedList: ProtocolName[],
  units: { id: string; verdict: string; detail: { ja: string; en: string } }[],
) {
  const bad = units.filter((u) => u.verdict === "FAIL" || u.verdict === "INCONCLUSIVE");
  const protocols = acceptedList.join(", ");
  if (bad.length === 0)
    return text(
      `受け入れるプロトコル: ${protocols}。問題は見つかりませんでした`,
      `accepts ${protocols}; no issue found`,
    );
  return text(
    `受け入れるプロトコル: ${protocols}。${bad.map((u) => u.detail.ja).join("／")}`,
    `accepts ${protocols}; ${bad.map((u) => u.detail.en).join("; ")}`,
  );
}
