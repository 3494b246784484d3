import { XMLParser, XMLValidator } from "fast-xml-parser";

/** One port as nmap reported it (`<port>` with its `<state>`, `<service>`, `<cpe>` and `<script>`s). */
export interface NmapPort {
  port: number;
  protocol: string;
  state: string;
  /** The service as jcstar names it: nmap's `ssl/http` (name `http`, tunnel `ssl`) is `https`, other tunnelled services `ssl/<name>`. */
  service?: string;
  /** `ssl` when nmap found the service behind TLS (`<service tunnel="ssl">`). */
  tunnel?: string;
  /** true when the service is spoken over TLS. */
  tls?: boolean;
  product?: string;
  version?: string;
  /** The service's CPE names (`<cpe>` inside `<service>`), e.g. `cpe:/a:openbsd:openssh:9.2p1`. */
  cpe?: string[];
  /** NSE script outputs by script id (first 2000 characters). */
  scripts?: Record<string, string>;
}

export interface NmapHost {
  address: string;
  state: string;
  ports: NmapPort[];
}

export interface NmapRun {
  args: string;
  version: string;
  start?: string;
  finished?: string;
  hosts: NmapHost[];
}

/** Limits that keep a hostile file from costing much. */
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_HOSTS = 65_536;
const MAX_PORTS = 2 * 65_536;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
const node = (v: unknown): Node => (isNode(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
/** Text of an element that may also carry attributes (`<cpe>x</cpe>` reads as "x"). */
const textOf = (v: unknown): string | undefined => str(v) ?? str(node(v)["#text"]);

/**
 * Reads nmap `-oX` output with fast-xml-parser. Hostile input is refused before parsing: a DOCTYPE with an
 * internal subset or any ENTITY declaration (no entity expansion, no external entities; nmap writes a bare
 * `<!DOCTYPE nmaprun>`, which is allowed), more than 64 MiB, elements nested more than 64 levels, too many
 * hosts or ports. Throws an Error naming the problem.
 */
export function readNmapXml(xml: string): NmapRun {
  if (xml.length > MAX_BYTES) throw new Error(`XML too large (${xml.length} bytes; limit ${MAX_BYTES})`);
  if (/<!ENTITY/i.test(xml) || /<!DOCTYPE[^>[]*\[/i.test(xml))
    throw new Error("XML with an ENTITY declaration or a DOCTYPE internal subset is refused");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`malformed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
    parseAttributeValue: false,
    // Only the predefined XML entities and numeric character references remain (declarations are refused above).
    processEntities: true,
    htmlEntities: true,
    maxNestedTags: MAX_DEPTH,
    isArray: (name) => ["host", "port", "address", "script", "cpe"].includes(name),
  });
  let doc: Node;
  try {
    doc = node(parser.parse(xml));
  } catch (error) {
    throw new Error(`XML refused: ${error instanceof Error ? error.message : String(error)}`);
  }
  const root = Object.keys(doc).find((k) => !k.startsWith("?") && !k.startsWith("#"));
  if (root !== "nmaprun") throw new Error(`not nmap XML output (root element <${root ?? "none"}>)`);
  const run = node(doc.nmaprun);
  const hosts = list(run.host);
  if (hosts.length > MAX_HOSTS) throw new Error(`more than ${MAX_HOSTS} hosts`);
  const read = hosts.map((h) => readHost(node(h)));
  if (read.reduce((n, h) => n + h.ports.length, 0) > MAX_PORTS)
    throw new Error(`more than ${MAX_PORTS} ports`);
  const start = str(run.start);
  const finished = str(node(node(run.runstats).finished).time);
  return {
    args: str(run.args) ?? "",
    version: str(run.version) ?? "",
    ...(start ? { start } : {}),
    ...(finished ? { finished } : {}),
    hosts: read,
  };
}

function readHost(host: Node): NmapHost {
  const addresses = list(host.address).map(node);
  const address = str(addresses.find((a) => a.addrtype !== "mac")?.addr) ?? "unknown";
  return {
    address,
    state: str(node(host.status).state) ?? "unknown",
    ports: list(node(host.ports).port).map((p) => readPort(node(p))),
  };
}

function readPort(p: Node): NmapPort {
  const service = node(p.service);
  const name = str(service.name);
  const tunnel = str(service.tunnel);
  const tls = tunnel === "ssl";
  const cpe = list(service.cpe)
    .map(textOf)
    .filter((c): c is string => c !== undefined)
    .map((c) => c.slice(0, 500));
  const scripts = Object.fromEntries(
    list(p.script)
      .map(node)
      .map((s) => [str(s.id) ?? "?", (str(s.output) ?? "").slice(0, 2000)]),
  );
  const port = Number(p.portid);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`port number ${String(p.portid)} is invalid`);
  const product = str(service.product);
  const version = str(service.version);
  return {
    port,
    protocol: str(p.protocol) ?? "tcp",
    state: str(node(p.state).state) ?? "unknown",
    ...(name ? { service: tls ? (name === "http" ? "https" : `ssl/${name}`) : name } : {}),
    ...(tunnel ? { tunnel } : {}),
    ...(tls ? { tls } : {}),
    ...(product ? { product } : {}),
    ...(version ? { version } : {}),
    ...(cpe.length > 0 ? { cpe } : {}),
    ...(Object.keys(scripts).length > 0 ? { scripts } : {}),
  };
}
