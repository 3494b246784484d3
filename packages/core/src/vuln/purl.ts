import { PackageURL } from "packageurl-js";

/** What matching needs of a component: ecosystem (OSV name, lower-case), package name, version, distro release. */
export type PackageRef = {
  ecosystem: string;
  package: string;
  version: string | null;
  release: string | null;
};

const PURL_TYPES: Record<string, string> = {
  npm: "npm",
  pypi: "pypi",
  maven: "maven",
  cargo: "crates.io",
  golang: "go",
  nuget: "nuget",
  gem: "rubygems",
  composer: "packagist",
  hex: "hex",
  pub: "pub",
  apk: "alpine",
};

const DEBIAN_CODENAMES: Record<string, string> = {
  stretch: "9",
  buster: "10",
  bullseye: "11",
  bookworm: "12",
  trixie: "13",
};

/** PEP 503 name normalisation. */
export function normalisePypi(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The package name OSV uses in an ecosystem, normalised the same way on both sides. */
export function normalisePackage(ecosystem: string, name: string): string {
  if (ecosystem === "pypi") return normalisePypi(name);
  if (ecosystem === "debian" || ecosystem === "ubuntu" || ecosystem === "alpine") return name.toLowerCase();
  return name;
}

function distroRelease(ecosystem: string, distro: string | undefined): string | null {
  if (!distro) return null;
  const d = distro.toLowerCase();
  if (ecosystem === "debian") {
    const m = /(\d+)/.exec(d);
    return m ? (m[1] as string) : (DEBIAN_CODENAMES[d.replace(/^debian-/, "")] ?? null);
  }
  if (ecosystem === "alpine") {
    const m = /(\d+)\.(\d+)/.exec(d);
    return m ? `v${m[1]}.${m[2]}` : null;
  }
  if (ecosystem === "ubuntu") {
    const m = /(\d+\.\d+)/.exec(d);
    return m ? (m[1] as string) : null;
  }
  return null;
}

/** Reads a purl (packageurl-js) into what matching needs; null for an unreadable purl or an unknown type. */
export function packageFromPurl(purl: string): PackageRef | null {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(purl);
  } catch {
    return null;
  }
  const q = (p.qualifiers ?? {}) as Record<string, string>;
  let ecosystem: string | undefined;
  let name = p.name;
  if (p.type === "deb") {
    ecosystem = p.namespace === "ubuntu" ? "ubuntu" : "debian";
    // OSV's Debian data is by source package; SBOM tools name it in the `upstream` qualifier when it differs.
    if (q.upstream) name = q.upstream.split(/[@ ]/)[0] || name;
  } else {
    ecosystem = PURL_TYPES[p.type];
    if (!ecosystem) return null;
    if (p.namespace) {
      if (ecosystem === "maven") name = `${p.namespace}:${p.name}`;
      else if (ecosystem === "npm" || ecosystem === "go" || ecosystem === "packagist")
        name = `${p.namespace}/${p.name}`;
    }
  }
  return {
    ecosystem,
    package: normalisePackage(ecosystem, name),
    version: p.version ?? null,
    release: distroRelease(ecosystem, q.distro),
  };
}

/** The purl without its version and qualifiers: the same component across releases. */
export function purlIdentity(purl: string): string | null {
  try {
    const p = PackageURL.fromString(purl);
    return new PackageURL(p.type, p.namespace, p.name, undefined, undefined, undefined).toString();
  } catch {
    return null;
  }
}

/** An OSV ecosystem string ("Debian:12", "Alpine:v3.18", "PyPI") as ecosystem key and release. */
export function osvEcosystem(value: string): { ecosystem: string; release: string | null } {
  const [base, ...rest] = value.split(":");
  return { ecosystem: (base ?? "").trim().toLowerCase(), release: rest.length ? rest.join(":") : null };
}

/** A CPE 2.3 (or 2.2 URI) as vendor:product and version. */
export function parseCpe(cpe: string): { package: string; version: string | null } | null {
  if (cpe.startsWith("cpe:2.3:")) {
    const parts = cpe.split(/(?<!\\):/);
    if (parts.length < 6) return null;
    const vendor = (parts[3] ?? "").toLowerCase();
    const product = (parts[4] ?? "").toLowerCase();
    if (!vendor || !product || vendor === "*" || product === "*") return null;
    const version = parts[5] ?? "*";
    const update = parts[6] ?? "*";
    const v = version === "*" || version === "-" ? null : version.replace(/\\/g, "");
    return {
      package: `${vendor}:${product}`,
      version: v && update !== "*" && update !== "-" ? `${v}${update}` : v,
    };
  }
  const m = /^cpe:\/[aho]:([^:]+):([^:]+)(?::([^:]+))?/.exec(cpe);
  if (!m) return null;
  return {
    package: `${(m[1] as string).toLowerCase()}:${(m[2] as string).toLowerCase()}`,
    version: m[3] ?? null,
  };
}
