import { formatPortList } from "../profile/port-range.ts";
import { createLog } from "../result/log.ts";
import { text } from "../result/text.ts";
import type { Bilingual, ProbeResult, TestUnit } from "../result/types.ts";
import { combineVerdicts } from "../result/verdict.ts";
import { type IdentifyOptions, identifyService, type ServiceGuess } from "./identify.ts";
import { scanTcp } from "./tcp-scan.ts";
import { checkAllUdp, type UdpCheckResult, type UdpService } from "./udp.ts";
import { RISKY_SERVICES } from "./well-known.ts";

/** Inputs of the ports probe. */
export interface PortsProbeOptions {
  /** Address to scan (the profile host, resolved). Nothing else is contacted. */
  address: string;
  tcpPorts: readonly number[];
  declared: ReadonlyArray<{ port: number; protocol: "tcp" | "udp"; purpose?: string }>;
  /** Run the UDP checks (SSDP, CoAP, mDNS, SNMP); default true. */
  udp?: boolean;
  /** Non-standard UDP ports per service (tests). */
  udpPorts?: Partial<Record<UdpService, number>>;
  concurrency?: number;
  timeoutMs?: number;
  /** Epoch ms after which the TCP scan starts no new connection. */
  deadline?: number;
  identify?: IdentifyOptions;
  /** Progress lines; `transient` ones (counters) may be overwritten in place on a terminal. */
  onProgress?: (message: Bilingual, transient?: boolean) => void;
}

/** A service that is called out wherever it is found. */
export interface CalledOut {
  port: number;
  protocol: "tcp" | "udp";
  service: string;
  reason: { ja: string; en: string };
}

const UDP_SERVICE_NAMES: Record<UdpService, string> = {
  ssdp: "upnp",
  coap: "coap",
  mdns: "mdns",
  snmp: "snmp",
};

/**
 * The ports probe (S1.1-13): TCP connect scan of `tcpPorts`, a service guess on each open port,
 * and the UDP checks. FAIL for every open port not declared, and for Telnet, FTP, UPnP and
 * services that let anonymous clients in. INCONCLUSIVE when the deadline cut the scan short.
 */
export async function runPortsProbe(options: PortsProbeOptions): Promise<ProbeResult> {
  const started = Date.now();
  const log = createLog();
  const progress = options.onProgress ?? (() => {});
  progress(
    text(`TCP ${options.tcpPorts.length} ポートを走査中…`, `scanning ${options.tcpPorts.length} TCP ports…`),
  );
  const scan = await scanTcp({
    host: options.address,
    ports: options.tcpPorts,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.deadline ? { deadline: options.deadline } : {}),
    onProgress: (done, total) => progress(text(`TCP ${done}/${total}`, `TCP ${done}/${total}`), true),
  });
  log.add("tcp-scan", {
    ports: formatPortList(options.tcpPorts),
    open: scan.open,
    closed: scan.closedCount,
    filtered: scan.filtered.length,
    notScanned: scan.notScanned.length,
    ms: scan.durationMs,
  });
  for (const port of scan.selfConnects) log.add("connect", { port, result: "self-connect (not open)" });
  for (const [port, error] of Object.entries(scan.errors))
    log.add("connect", { port: Number(port), result: "error", error });
  progress(
    text(`開放 ${scan.open.length} 件。サービスを判別中…`, `${scan.open.length} open; identifying services…`),
  );
  const guesses = new Map<number, ServiceGuess>();
  const queue = [...scan.open];
  await Promise.all(
    Array.from({ length: Math.min(16, queue.length) }, async () => {
      for (let port = queue.shift(); port !== undefined; port = queue.shift()) {
        const guess = await identifyService(options.address, port, options.identify);
        guesses.set(port, guess);
        log.add("connect", {
          port,
          result: "open",
          service: guess.service,
          method: guess.method,
          ...(guess.banner ? { banner: guess.banner } : {}),
          ...(guess.authentication ? { authentication: guess.authentication } : {}),
        });
      }
    }),
  );
  let udp: UdpCheckResult[] = [];
  if (options.udp !== false) {
    progress(text("UDP（SSDP/CoAP/mDNS/SNMP）を確認中…", "checking UDP (SSDP/CoAP/mDNS/SNMP)…"));
    udp = await checkAllUdp(options.address, options.udpPorts, options.timeoutMs ?? 1500);
    for (const u of udp)
      log.add("udp", {
        service: u.service,
        port: u.port,
        result: u.state,
        ...(u.answer ? { answer: u.answer } : {}),
      });
  }
  const declaredTcp = new Set(options.declared.filter((d) => d.protocol === "tcp").map((d) => d.port));
  const declaredUdp = new Set(options.declared.filter((d) => d.protocol === "udp").map((d) => d.port));
  const undeclared = scan.open.filter((p) => !declaredTcp.has(p));
  const openUdp = udp.filter((u) => u.state === "open");
  const undeclaredUdp = openUdp.filter((u) => !declaredUdp.has(u.port)).map((u) => u.port);
  const calledOut = callOut(guesses, openUdp);
  const name = (p: number) => guesses.get(p)?.service ?? "unknown";
  const units: TestUnit[] = [];
  const undeclaredText = [
    ...undeclared.map((p) => `${p}/tcp (${name(p)})`),
    ...undeclaredUdp.map(
      (p) => `${p}/udp (${UDP_SERVICE_NAMES[openUdp.find((u) => u.port === p)?.service ?? "ssdp"]})`,
    ),
  ];
  units.push({
    id: "undeclared-ports",
    verdict: undeclaredText.length > 0 ? "FAIL" : "PASS",
    detail:
      undeclaredText.length > 0
        ? text(
            `申告されていない開放ポート ${undeclaredText.length} 件: ${undeclaredText.join(", ")}`,
            `${undeclaredText.length} undeclared open port${undeclaredText.length > 1 ? "s" : ""}: ${undeclaredText.join(", ")}`,
          )
        : text("開放ポートはすべて申告済みです", "every open port is declared"),
  });
  units.push({
    id: "insecure-services",
    verdict: calledOut.length > 0 ? "FAIL" : "PASS",
    detail:
      calledOut.length > 0
        ? text(
            calledOut.map((c) => `${c.port}/${c.protocol}: ${c.reason.ja}`).join("、"),
            calledOut.map((c) => `${c.port}/${c.protocol}: ${c.reason.en}`).join(", "),
          )
        : text(
            "Telnet・FTP・UPnP・認証なしのサービスは見つかりませんでした",
            "no Telnet, FTP, UPnP or unauthenticated service found",
          ),
  });
  const incomplete = scan.notScanned.length > 0;
  units.push({
    id: "scan-coverage",
    verdict: incomplete ? "INCONCLUSIVE" : "PASS",
    detail: incomplete
      ? text(
          `時間切れで ${scan.notScanned.length} ポートを調べられませんでした`,
          `time ran out: ${scan.notScanned.length} ports not scanned`,
        )
      : text(
          `TCP ${options.tcpPorts.length} ポートをすべて調べました（応答なし ${scan.filtered.length}）`,
          `all ${options.tcpPorts.length} TCP ports scanned (${scan.filtered.length} silent)`,
        ),
  });
  const verdict = combineVerdicts(units.map((u) => u.verdict));
  const failing = units.filter((u) => u.verdict !== "PASS");
  return {
    probe: "ports",
    criteria: ["S1.1-13"],
    verdict,
    summary:
      failing.length > 0
        ? text(failing.map((u) => u.detail.ja).join("／"), failing.map((u) => u.detail.en).join("; "))
        : text(
            `開放 TCP ポート: ${scan.open.join(", ") || "なし"}。すべて申告済みです`,
            `open TCP ports: ${scan.open.join(", ") || "none"}; all declared`,
          ),
    findings: {
      scannedTcp: formatPortList(options.tcpPorts),
      openTcpPorts: scan.open,
      undeclared,
      services: Object.fromEntries([...guesses].map(([p, g]) => [String(p), g.service])),
      udp: Object.fromEntries(
        udp.map((u) => [
          u.service,
          { port: u.port, state: u.state, ...(u.answer ? { answer: u.answer } : {}) },
        ]),
      ),
      undeclaredUdp,
      calledOut,
      filteredTcp: scan.filtered,
      selfConnects: scan.selfConnects,
      notScanned: scan.notScanned.length,
    },
    units,
    log: log.entries,
    durationMs: Date.now() - started,
  };
}

function callOut(guesses: Map<number, ServiceGuess>, openUdp: UdpCheckResult[]): CalledOut[] {
  const out: CalledOut[] = [];
  for (const [port, guess] of [...guesses].sort((a, b) => a[0] - b[0])) {
    const risky = RISKY_SERVICES[guess.service];
    if (risky) out.push({ port, protocol: "tcp", service: guess.service, reason: risky });
    else if (guess.authentication === "none")
      out.push({
        port,
        protocol: "tcp",
        service: guess.service,
        reason: text(
          `${guess.service}: 認証なしで接続できます`,
          `${guess.service}: accepts clients without authentication`,
        ),
      });
    if (risky && guess.authentication === "none")
      out.push({
        port,
        protocol: "tcp",
        service: guess.service,
        reason: text(`${guess.service}: 匿名ログインできます`, `${guess.service}: anonymous login allowed`),
      });
  }
  for (const u of openUdp) {
    if (u.service === "ssdp")
      out.push({
        port: u.port,
        protocol: "udp",
        service: "upnp",
        reason: RISKY_SERVICES.upnp as CalledOut["reason"],
      });
    if (u.service === "snmp")
      out.push({
        port: u.port,
        protocol: "udp",
        service: "snmp",
        reason: text("SNMP: コミュニティ名 public で応答します", "SNMP: answers the community 'public'"),
      });
    if (u.service === "coap")
      out.push({
        port: u.port,
        protocol: "udp",
        service: "coap",
        reason: text("CoAP: DTLS なしでリソースを公開しています", "CoAP: resources served without DTLS"),
      });
  }
  return out;
}
