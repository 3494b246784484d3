import { readFileSync } from "node:fs";
import { type Jwks, type LabelVerdict, verdictExitCode, verifyLabelToken } from "@jcstar/core";
import { Command } from "commander";

const OUTCOME: Record<LabelVerdict["outcome"], string> = {
  valid: "有効 / VALID",
  expired: "有効期限切れ / EXPIRED",
  revoked: "失効 / REVOKED",
  forged: "偽造（署名が一致しません） / FORGED",
  invalid: "無効 / INVALID",
  unchecked: "確認できません / COULD NOT CHECK",
};

class CannotCheck extends Error {}

async function fetchText(url: string, what: string): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(15_000), redirect: "follow" });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    throw new CannotCheck(`${what}: ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A file, or a URL when it starts with http(s)://. */
async function readSource(source: string, what: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const { status, text } = await fetchText(source, what);
    if (status !== 200) throw new CannotCheck(`${what}: ${source} answered HTTP ${status}`);
    return text;
  }
  try {
    return readFileSync(source, "utf8");
  } catch (error) {
    throw new CannotCheck(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The registration number in a registry URL: /registry/{n}, /api/registry/labels/{n}[/payload]. */
export function registrationNumberOf(url: URL): string | null {
  const m = /^\/(?:registry|api\/registry\/labels)\/([^/]+)(?:\/payload)?\/?$/.exec(url.pathname);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

type Inputs = { jws: string; jwks: Jwks; statusList: string | null; notInRegistry?: boolean };

async function gather(
  target: string,
  opts: { jwks?: string; status?: string },
): Promise<Inputs | LabelVerdict> {
  if (/^https?:\/\//i.test(target)) {
    const url = new URL(target);
    const number = registrationNumberOf(url);
    if (!number) throw new CannotCheck(`not a registry URL (…/registry/{registrationNumber}): ${target}`);
    const payloadUrl = `${url.origin}/api/registry/labels/${encodeURIComponent(number)}/payload`;
    const payload = await fetchText(payloadUrl, "label payload");
    if (payload.status === 404)
      return { outcome: "invalid", reason: `${number} is not in the registry at ${url.origin}` };
    if (payload.status !== 200)
      throw new CannotCheck(`label payload: ${payloadUrl} answered HTTP ${payload.status}`);
    const jwks = JSON.parse(
      await readSource(opts.jwks ?? `${url.origin}/.well-known/jwks.json`, "key set"),
    ) as Jwks;
    const statusList = await readSource(
      opts.status ?? `${url.origin}/api/registry/status-list`,
      "status list",
    );
    return { jws: payload.text, jwks, statusList };
  }
  const jws = await readSource(target, "label payload");
  if (!opts.jwks) throw new CannotCheck("offline: give the registry's key set with --jwks FILE");
  const jwks = JSON.parse(await readSource(opts.jwks, "key set")) as Jwks;
  return { jws, jwks, statusList: opts.status ? await readSource(opts.status, "status list") : null };
}

function print(v: LabelVerdict, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(v, null, 2));
    return;
  }
  console.log(OUTCOME[v.outcome]);
  const label = "label" in v ? v.label : null;
  if (label) {
    console.log(`  ${label.registrationNumber}  ★${label.starLevel}  ${label.product} — ${label.maker}`);
    console.log(`  ${label.validFrom} – ${label.validUntil}  ${label.url}`);
    if (label.sandbox) console.log("  訓練用の登録簿 / sandbox registry (not an official label)");
  }
  if ("reason" in v) console.log(`  ${v.reason}`);
  if (v.outcome === "valid" && !v.statusChecked)
    console.log("  失効リスト未確認（--status で指定） / revocation not checked (give --status FILE)");
}

/** `jcstar label verify URL|FILE`: exit 0 valid; 1 invalid, forged, expired or revoked; 2 could not check. */
export function labelCommand(): Command {
  const label = new Command("label").description("labels of a registry / ラベル");
  label
    .command("verify")
    .description(
      "verify a label: a registry URL (online) or a payload file with --jwks (offline) / ラベルの真正性・有効性を検証",
    )
    .argument("<url-or-file>", "…/registry/{registrationNumber} URL, or a saved payload (JWS) file")
    .option("--jwks <file-or-url>", "the registry's key set (default for a URL: /.well-known/jwks.json)")
    .option("--status <file-or-url>", "a signed status list (default for a URL: /api/registry/status-list)")
    .option("--at <iso-time>", "check as of this time instead of now")
    .option("--json", "print the verdict as JSON")
    .action(async (target: string, opts: { jwks?: string; status?: string; at?: string; json?: boolean }) => {
      const now = opts.at ? new Date(opts.at) : new Date();
      let verdict: LabelVerdict;
      try {
        const inputs = await gather(target, opts);
        verdict =
          "outcome" in inputs
            ? inputs
            : await verifyLabelToken(inputs.jws, inputs.jwks, { now, statusList: inputs.statusList });
      } catch (error) {
        if (!(error instanceof CannotCheck) && !(error instanceof SyntaxError)) throw error;
        verdict = { outcome: "unchecked", reason: error.message };
      }
      print(verdict, !!opts.json);
      process.exitCode = verdictExitCode(verdict);
    });
  return label;
}
