import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { credentialsOf, type DeviceContext, profilePath, serviceFor } from "../actions/context.ts";
import { HttpSession } from "../actions/http.ts";
import { createDeviceLog } from "../actions/log.ts";
import { readSource } from "../actions/sources.ts";
import type { Profile } from "../profile/schema.ts";
import { text } from "../result/text.ts";
import type { ProbeResult, TestUnit, Verdict } from "../result/types.ts";
import { combineVerdicts } from "../result/verdict.ts";
import {
  algorithmOf,
  checkManifest,
  decodeSignature,
  flipOneBit,
  keyPairLike,
  parsePublicKey,
  sha256Hex,
  signWith,
  verifySignature,
} from "./verify.ts";

type Update = NonNullable<Profile["update"]>;

/** How the device answered one upload. */
type UploadAnswer = "accepted" | "rejected" | "error";

const CRITERIA = ["S1.1-08"];

/**
 * The firmware-integrity probe (S1.1-08). Offline: the maker's image verifies against its detached
 * signature (Ed25519, ECDSA P-256, RSA) or its signed manifest of hashes. Active (only with
 * `update.allowActive: true`): the correctly signed image must be accepted first (positive control),
 * then a copy with one bit flipped and a copy signed with a wrong key must both be rejected and the
 * reported version must not change. PASS only when all of that was shown. Never throws.
 */
export async function runFirmwareIntegrityProbe(ctx: DeviceContext): Promise<ProbeResult> {
  const started = Date.now();
  const log = createDeviceLog();
  const update = ctx.profile.update;
  const base = { probe: "firmware-integrity", criteria: CRITERIA, log: log.entries };
  if (!update) return notConfigured(base, started);
  const units: TestUnit[] = [];
  const findings: Record<string, unknown> = {};

  let files: {
    key: ReturnType<typeof parsePublicKey>;
    image: Buffer;
    signature?: Buffer;
    manifest?: Buffer;
    manifestSig?: Buffer;
  };
  try {
    const read = (p: string) => readFile(profilePath(ctx, p));
    files = {
      key: parsePublicKey(await read(update.publicKey)),
      image: await read(update.image),
      ...(update.signature ? { signature: decodeSignature(await read(update.signature)) } : {}),
      ...(update.manifest ? { manifest: await read(update.manifest) } : {}),
      ...(update.manifestSignature
        ? { manifestSig: decodeSignature(await read(update.manifestSignature)) }
        : {}),
    };
    algorithmOf(files.key);
  } catch (error) {
    const reason = (error as Error).message;
    log.add("files", { result: "error", error: reason });
    const detail = text(
      `鍵・イメージ・署名のファイルを読めません（${reason}）`,
      `cannot read the key, image or signature files (${reason})`,
    );
    return finish(base, started, [{ id: "files", verdict: "ERROR", detail }], { error: reason });
  }
  const algorithm = algorithmOf(files.key);
  findings.algorithm = algorithm;
  findings.image = { file: update.image, bytes: files.image.length, sha256: sha256Hex(files.image) };
  log.add("files", { algorithm, imageBytes: files.image.length, sha256: sha256Hex(files.image) });

  if (files.signature) {
    const ok = verifySignature(files.image, files.signature, files.key);
    const flippedOk = verifySignature(flipOneBit(files.image), files.signature, files.key);
    log.add("verify-signature", {
      algorithm,
      result: ok ? "valid" : "invalid",
      flippedCopy: flippedOk ? "valid" : "invalid",
    });
    findings.signatureValid = ok;
    units.push(
      ok && !flippedOk
        ? {
            id: "signature-valid",
            verdict: "PASS",
            detail: text(
              `イメージの署名（${algorithm}）はメーカーの公開鍵で検証できました。1 ビット改変したコピーは検証に失敗します`,
              `the image's ${algorithm} signature verifies with the maker's public key; a copy with one bit flipped does not`,
            ),
          }
        : {
            id: "signature-valid",
            verdict: "FAIL",
            detail: text(
              `イメージの署名（${algorithm}）がメーカーの公開鍵で検証できません`,
              `the image's ${algorithm} signature does not verify with the maker's public key`,
            ),
          },
    );
  }
  if (files.manifest && files.manifestSig) {
    const m = checkManifest(
      files.manifest,
      files.manifestSig,
      files.key,
      files.image,
      basename(update.image),
    );
    log.add("verify-manifest", {
      signed: m.manifestSigned,
      entry: m.entry?.name ?? null,
      hashMatches: m.hashMatches,
    });
    findings.manifest = m;
    const ok = m.manifestSigned && m.hashMatches;
    units.push({
      id: "manifest-valid",
      verdict: ok ? "PASS" : "FAIL",
      detail: ok
        ? text(
            "ハッシュのマニフェストは署名が正しく、イメージの SHA-256 が一致します",
            "the manifest of hashes is correctly signed and lists the image's SHA-256",
          )
        : text(
            `マニフェスト: 署名 ${m.manifestSigned ? "正" : "不正"}、イメージのハッシュ ${m.entry ? (m.hashMatches ? "一致" : "不一致") : "記載なし"}`,
            `manifest: signature ${m.manifestSigned ? "valid" : "invalid"}, image hash ${m.entry ? (m.hashMatches ? "matches" : "differs") : "not listed"}`,
          ),
    });
  }

  if (!update.allowActive) {
    log.add("active", { result: "not-run", reason: "allowActive false" });
    units.push({
      id: "device-rejects-tampered",
      verdict: "INCONCLUSIVE",
      detail: text(
        "機器が改ざんされた更新を拒否するかは試験していません（update.allowActive が false）。署名の検証だけでは機器側の検証は示せません",
        "whether the device rejects tampered updates was not tried (update.allowActive is false); verifying the signature here does not show that the device checks it",
      ),
    });
    return finish(base, started, units, findings);
  }
  if (!files.signature) {
    units.push({
      id: "device-rejects-tampered",
      verdict: "INCONCLUSIVE",
      detail: text(
        "能動試験には分離署名（update.signature）が必要です",
        "the active test needs a detached signature (update.signature)",
      ),
    });
    return finish(base, started, units, findings);
  }
  await activeTest(ctx, update, files.image, files.signature, files.key, units, findings, log.add);
  return finish(base, started, units, findings);
}

async function activeTest(
  ctx: DeviceContext,
  update: Update,
  image: Buffer,
  signature: Buffer,
  key: ReturnType<typeof parsePublicKey>,
  units: TestUnit[],
  findings: Record<string, unknown>,
  add: (event: string, fields?: Record<string, unknown>) => void,
): Promise<void> {
  const versionSource = ctx.profile.info?.version;
  const readVersion = async () => {
    if (!versionSource) return null;
    const r = await readSource(ctx, versionSource);
    add("read-version", r.ok ? { where: r.where, value: r.text } : { where: r.where, error: r.error });
    return r.ok ? r.text : null;
  };
  const settle = async (want?: string) => {
    const until = Math.min(ctx.deadline, Date.now() + update.settleSeconds * 1000);
    let v = await readVersion();
    while (Date.now() < until && (v === null || (want !== undefined && v !== want))) {
      await new Promise((r) => setTimeout(r, ctx.pollMs ?? 250));
      v = await readVersion();
    }
    return v;
  };
  const upload = async (kind: string, body: Buffer, sig: Buffer): Promise<UploadAnswer> => {
    const answer = await uploadImage(ctx, update, body, sig);
    const result: UploadAnswer =
      answer.status >= 200 && answer.status < 300
        ? "accepted"
        : answer.status >= 400 && answer.status < 500 && answer.status !== 401 && answer.status !== 429
          ? "rejected"
          : "error";
    add("upload", {
      kind,
      bytes: body.length,
      sha256: sha256Hex(body),
      status: answer.status || answer.error,
      result,
      ms: answer.ms,
    });
    return result;
  };

  const before = await readVersion();
  const positive = await upload("signed", image, signature);
  const afterPositive = await settle(positive === "accepted" ? update.expectVersion : undefined);
  findings.active = { versionBefore: before, positive, versionAfterSigned: afterPositive };
  if (positive !== "accepted") {
    units.push({
      id: "positive-control",
      verdict: "INCONCLUSIVE",
      detail: text(
        `正しく署名されたイメージを機器が受け入れませんでした（${positive}）。すべてを拒否する機器では改ざん検知を示せないため、改ざんイメージの試験は行いません`,
        `the device did not accept the correctly signed image (${positive}); a device that rejects everything proves nothing, so the tampered copies were not sent`,
      ),
    });
    return;
  }
  const versionOk = update.expectVersion === undefined || afterPositive === update.expectVersion;
  units.push({
    id: "positive-control",
    verdict: versionOk ? "PASS" : "INCONCLUSIVE",
    detail: versionOk
      ? text(
          `正しく署名されたイメージを受け入れました（バージョン ${before ?? "?"} → ${afterPositive ?? "?"}）`,
          `the correctly signed image was accepted (version ${before ?? "?"} → ${afterPositive ?? "?"})`,
        )
      : text(
          `正しく署名されたイメージは受け入れられましたが、報告されるバージョンが ${update.expectVersion} になりません（${afterPositive ?? "読めません"}）`,
          `the correctly signed image was accepted but the device does not report ${update.expectVersion} (${afterPositive ?? "unreadable"})`,
        ),
  });

  const tamperUnit = (id: string, answer: UploadAnswer, what: { ja: string; en: string }): TestUnit => {
    const verdict: Verdict = answer === "rejected" ? "PASS" : answer === "accepted" ? "FAIL" : "INCONCLUSIVE";
    const seen =
      answer === "rejected"
        ? text("拒否しました", "rejected it")
        : answer === "accepted"
          ? text("受け入れました", "accepted it")
          : text("エラー応答またはタイムアウトでした", "answered with an error or timed out");
    return { id, verdict, detail: text(`${what.ja}: 機器は${seen.ja}`, `${what.en}: the device ${seen.en}`) };
  };
  const flipped = flipOneBit(image);
  const bitflip = await upload("bit-flipped", flipped, signature);
  await settle();
  units.push(
    tamperUnit("bitflip-rejected", bitflip, {
      ja: "1 ビットを反転したイメージ（元の署名付き）",
      en: "the image with one bit flipped (original signature)",
    }),
  );
  const wrong = keyPairLike(key);
  const wrongSig = signWith(image, wrong.privateKey);
  add("wrong-key", { algorithm: algorithmOf(wrong.privateKey), note: "fresh key pair, not the maker's" });
  const wrongKey = await upload("wrong-key", image, wrongSig);
  const after = await settle();
  units.push(
    tamperUnit("wrong-key-rejected", wrongKey, {
      ja: "別の鍵で署名したイメージ",
      en: "the image signed with a wrong key",
    }),
  );
  findings.active = { ...(findings.active as object), bitflip, wrongKey, versionAfter: after };
  if (!versionSource) {
    units.push({
      id: "version-unchanged",
      verdict: "INCONCLUSIVE",
      detail: text(
        "info.version がないため、改ざんイメージの後にバージョンが変わっていないことを確認できません",
        "without info.version the probe cannot confirm that the version did not change after the tampered images",
      ),
    });
    return;
  }
  const same = after !== null && after === afterPositive;
  units.push({
    id: "version-unchanged",
    verdict: same ? "PASS" : after === null ? "INCONCLUSIVE" : "FAIL",
    detail: same
      ? text(
          `改ざんイメージの後もバージョンは ${after} のままです`,
          `the version stayed ${after} after the tampered images`,
        )
      : text(
          `改ざんイメージの後のバージョン: ${after ?? "読めません"}（期待: ${afterPositive ?? "?"}）`,
          `version after the tampered images: ${after ?? "unreadable"} (expected ${afterPositive ?? "?"})`,
        ),
  });
}

/** Sends an image to the update endpoint (raw body + signature header, or multipart). */
export async function uploadImage(ctx: DeviceContext, update: Update, image: Buffer, signature: Buffer) {
  const service = serviceFor(ctx, "http", update.endpoint.service);
  const session = new HttpSession(ctx, service, credentialsOf(ctx, service));
  const e = update.endpoint;
  if (e.format === "raw")
    return session.request(e.method, e.path, image, {
      "Content-Type": "application/octet-stream",
      [e.signatureHeader]: signature.toString("base64"),
    });
  const boundary = `jcstar${randomBytes(12).toString("hex")}`;
  const part = (name: string, filename: string, data: Buffer) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      data,
      Buffer.from("\r\n"),
    ]);
  const body = Buffer.concat([
    part(e.imageField, basename(update.image), image),
    part(e.signatureField, `${basename(update.image)}.sig`, signature),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return session.request(e.method, e.path, body, {
    "Content-Type": `multipart/form-data; boundary=${boundary}`,
  });
}

function notConfigured(
  base: { probe: string; criteria: string[]; log: ProbeResult["log"] },
  started: number,
) {
  const detail = text(
    "プロファイルに update がないため実行しませんでした",
    "not run: the profile has no update key",
  );
  return finish(base, started, [{ id: "configuration", verdict: "NOT_RUN", detail }], {});
}

function finish(
  base: { probe: string; criteria: string[]; log: ProbeResult["log"] },
  started: number,
  units: TestUnit[],
  findings: Record<string, unknown>,
): ProbeResult {
  const verdict = combineVerdicts(units.map((u) => u.verdict));
  const notable = units.filter((u) => u.verdict !== "PASS" && u.verdict !== "NOT_RUN");
  const summary =
    verdict === "PASS"
      ? text(
          "署名の検証と、改ざんされた更新の拒否（正しい更新は受理）を確認しました",
          "the signature verifies, and the device accepted the signed update and rejected both tampered copies",
        )
      : text(
          (notable.length ? notable : units).map((u) => u.detail.ja).join("／"),
          (notable.length ? notable : units).map((u) => u.detail.en).join("; "),
        );
  return { ...base, verdict, summary, findings, units, durationMs: Date.now() - started };
}
