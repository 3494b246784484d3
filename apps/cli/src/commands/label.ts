import { type LabelVerdict, verdictExitCode, verifyLabel } from "@jcstar/core";
import { Command } from "commander";

const OUTCOME: Record<LabelVerdict["outcome"], string> = {
  valid: "有効 / VALID",
  expired: "有効期限切れ / EXPIRED",
  revoked: "失効 / REVOKED",
  forged: "偽造（署名または発行元が一致しません） / FORGED",
  invalid: "無効 / INVALID",
  unchecked: "確認できません / COULD NOT CHECK",
};

function print(v: LabelVerdict, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ ...v, exitCode: verdictExitCode(v) }, null, 2));
    return;
  }
  const revocationUnchecked = v.outcome === "valid" && !v.statusChecked;
  console.log(
    revocationUnchecked
      ? "確認できません（署名は正当、失効は未確認） / COULD NOT CHECK (genuine signature, revocation unknown)"
      : OUTCOME[v.outcome],
  );
  const label = "label" in v ? v.label : null;
  if (label) {
    console.log(`  ${label.registrationNumber}  ★${label.starLevel}  ${label.product} — ${label.maker}`);
    console.log(`  ${label.validFrom} – ${label.validUntil}  ${label.url}`);
    if (label.sandbox) console.log("  訓練用の登録簿 / sandbox registry (not an official label)");
  }
  if ("reason" in v) console.log(`  ${v.reason}`);
  if (revocationUnchecked)
    console.log("  失効リスト未確認（--status で指定） / revocation not checked (give --status FILE)");
}

/** `jcstar label verify URL|FILE`: exit 0 valid; 1 invalid, forged, expired or revoked; 2 could not check. */
export function labelCommand(): Command {
  const label = new Command("label").description("labels of a registry / ラベル");
  label
    .command("verify")
    .description(
      "verify a label: a registry URL (online) or a payload file with --jwks and --status (offline) / ラベルの真正性・有効性を検証",
    )
    .argument("<url-or-file>", "…/registry/{registrationNumber} URL, or a saved payload (JWS) file")
    .option(
      "--issuer <url>",
      "the trusted registry; the label's iss must be it (default: the registry the URL names; for a file, its iss)",
    )
    .option("--jwks <file-or-url>", "the registry's key set (default for a URL: {iss}/.well-known/jwks.json)")
    .option(
      "--status <file-or-url>",
      "a signed status list (default for a URL: {iss}/api/registry/status-list); without one: exit 2",
    )
    .option("--at <iso-time>", "check as of this time instead of now")
    .option("--json", "print the verdict as JSON")
    .action(
      async (
        target: string,
        opts: { issuer?: string; jwks?: string; status?: string; at?: string; json?: boolean },
      ) => {
        const verdict = await verifyLabel(target, {
          now: opts.at ? new Date(opts.at) : new Date(),
          ...(opts.issuer ? { issuer: opts.issuer } : {}),
          ...(opts.jwks ? { jwks: opts.jwks } : {}),
          ...(opts.status ? { status: opts.status } : {}),
        });
        print(verdict, !!opts.json);
        process.exitCode = verdictExitCode(verdict);
      },
    );
  return label;
}
