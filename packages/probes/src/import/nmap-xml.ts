import { RISKY_SERVICES } from "../ports/well-known.ts";
import { text } from "../result/text.ts";
import { type ProbeResult, type RunResult, type TestUnit, TOOL_VERSION } from "../result/types.ts";
import { combineVerdicts } from "../result/verdict.ts";
import { type NmapHost, type NmapPort, readNmapXml } from "./nmap-read.ts";

/**
 * Converts nmap `-oX` XML into a results document: one `ports` result per scanned host (S1.1-13,
 * supporting evidence), findings in the same shape as jcstar's own ports probe. With `declared`
 * (TCP/UDP port numbers the product needs) open ports outside it FAIL; without it the open ports are
 * listed for a reviewer (INCONCLUSIVE). Telnet, FTP, UPnP and ADB are called out (FAIL).
 */
export function importNmapXml(
  xml: string,
  options: { file?: string; declared?: readonly number[] } = {},
): RunResult {
  const run = readNmapXml(xml);
  const startedAt = isoFromEpoch(run.start) ?? new Date().toISOString();
  const finishedAt = isoFromEpoch(run.finished) ?? startedAt;
  const results = run.hosts.map((host) => hostResult(host, run.args, run.version, options.declared));
  const firstAddress = results[0]?.service ?? "";
  return {
    tool: "jcstar",
    version: TOOL_VERSION,
    profile: `import nmap ${options.file ?? ""}`.trim(),
    host: firstAddress,
    startedAt,
    finishedAt,
    results,
  };
}

function hostResult(
  host: NmapHost,
  args: string,
  nmapVersion: string,
  declared: readonly number[] | undefined,
): ProbeResult {
  const { address, state: hostState } = host;
  const open = host.ports.filter((p) => p.state === "open");
  const label = (p: NmapPort) => `${p.port}/${p.protocol} (${p.service ?? "unknown"})`;
  const units: TestUnit[] = [];
  const openText = open.map(label).join(", ") || "none";
  if (declared) {
    const undeclared = open.filter((p) => !declared.includes(p.port));
    units.push({
      id: "undeclared-ports",
      verdict: undeclared.length > 0 ? "FAIL" : "PASS",
      detail:
        undeclared.length > 0
          ? text(
              `申告されていない開放ポート ${undeclared.length} 件: ${undeclared.map(label).join(", ")}`,
              `${undeclared.length} undeclared open port${undeclared.length > 1 ? "s" : ""}: ${undeclared.map(label).join(", ")}`,
            )
          : text("開放ポートはすべて申告済みです", "every open port is declared"),
    });
  } else {
    units.push({
      id: "open-ports",
      verdict: open.length > 0 ? "INCONCLUSIVE" : "PASS",
      detail: text(
        `nmap が報告した開放ポート: ${openText === "none" ? "なし" : openText}（申告ポートとの照合はレビュー担当者が行います）`,
        `open ports reported by nmap: ${openText} (a reviewer compares them with the declared ports)`,
      ),
    });
  }
  const risky = open.filter((p) => p.service && RISKY_SERVICES[normalise(p.service)]);
  units.push({
    id: "insecure-services",
    verdict: risky.length > 0 ? "FAIL" : "PASS",
    detail:
      risky.length > 0
        ? text(
            risky
              .map((p) => `${p.port}/${p.protocol}: ${RISKY_SERVICES[normalise(p.service as string)]?.ja}`)
              .join("、"),
            risky
              .map((p) => `${p.port}/${p.protocol}: ${RISKY_SERVICES[normalise(p.service as string)]?.en}`)
              .join(", "),
          )
        : text("Telnet・FTP・UPnP・ADB は見つかりませんでした", "no Telnet, FTP, UPnP or ADB found"),
  });
  const failing = units.filter((u) => u.verdict !== "PASS");
  return {
    probe: "ports",
    service: address,
    criteria: ["S1.1-13"],
    verdict: combineVerdicts(units.map((u) => u.verdict)),
    summary:
      failing.length > 0
        ? text(
            `nmap の結果（取り込み）: ${failing.map((u) => u.detail.ja).join("／")}`,
            `nmap results (imported): ${failing.map((u) => u.detail.en).join("; ")}`,
          )
        : text(
            `nmap の結果（取り込み）: 開放ポート ${openText === "none" ? "なし" : openText}`,
            `nmap results (imported): open ports ${openText}`,
          ),
    findings: {
      source: "nmap",
      nmapVersion,
      args,
      address,
      hostState,
      openTcpPorts: open.filter((p) => p.protocol === "tcp").map((p) => p.port),
      openUdpPorts: open.filter((p) => p.protocol === "udp").map((p) => p.port),
      tlsTcpPorts: open.filter((p) => p.protocol === "tcp" && p.tls).map((p) => p.port),
      services: Object.fromEntries(open.map((p) => [`${p.port}/${p.protocol}`, p.service ?? "unknown"])),
      ports: open,
      ...(declared ? { undeclared: open.filter((p) => !declared.includes(p.port)).map((p) => p.port) } : {}),
    },
    units,
    log: [],
  };
}

function normalise(service: string): string {
  if (service === "ftp" || service === "ftp-data") return "ftp";
  if (service === "upnp" || service === "ssdp") return "upnp";
  if (service === "adb" || service === "android-adb") return "adb";
  return service;
}

function isoFromEpoch(value: string | undefined): string | null {
  if (!value || !/^\d+$/.test(value)) return null;
  return new Date(Number(value) * 1000).toISOString();
}
