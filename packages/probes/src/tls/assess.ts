import { text } from "../result/text.ts";
import type { TestUnit } from "../result/types.ts";
import type { CertificateFindings } from "./certificate.ts";
import type { WeakCategory } from "./cipher-suites.ts";
import type { WeakCipherFinding } from "./ciphers.ts";
import { DEPRECATED_PROTOCOLS, PROTOCOLS, type ProtocolName } from "./versions.ts";

/** Test units for the accepted protocol versions: each deprecated one accepted FAILs; 1.2 or 1.3 must be accepted. */
export function protocolUnits(accepted: Record<ProtocolName, boolean>): TestUnit[] {
  const units: TestUnit[] = DEPRECATED_PROTOCOLS.map((p) => ({
    id: `protocol-${p.toLowerCase()}`,
    verdict: accepted[p] ? "FAIL" : "PASS",
    detail: accepted[p]
      ? text(`${p} を受け入れます（廃止されたプロトコル）`, `${p} is accepted (deprecated protocol)`)
      : text(`${p} は受け入れません`, `${p} is not accepted`),
  }));
  const modern = PROTOCOLS.filter((p) => (p === "TLSv1.2" || p === "TLSv1.3") && accepted[p]);
  units.push({
    id: "protocol-modern",
    verdict: modern.length > 0 ? "PASS" : "FAIL",
    detail:
      modern.length > 0
        ? text(`${modern.join(", ")} を受け入れます`, `accepts ${modern.join(", ")}`)
        : text("TLS 1.2 も TLS 1.3 も受け入れません", "accepts neither TLS 1.2 nor TLS 1.3"),
  });
  return units;
}

const CATEGORY_TEXT: Record<WeakCategory, { ja: string; en: string }> = {
  NULL: { ja: "暗号化なし（NULL）", en: "no encryption (NULL)" },
  anon: { ja: "認証なし（anonymous）", en: "no authentication (anonymous)" },
  EXPORT: { ja: "輸出グレード（EXPORT）", en: "export grade (EXPORT)" },
  RC4: { ja: "RC4", en: "RC4" },
  "3DES": { ja: "3DES（SWEET32）", en: "3DES (SWEET32)" },
  LOW: { ja: "弱い暗号（DES/RC2/IDEA）", en: "weak ciphers (DES/RC2/IDEA)" },
  noFS: { ja: "前方秘匿性なし（RSA 鍵交換など）", en: "no forward secrecy (RSA key exchange etc.)" },
};

/**
 * One unit per weak category: FAIL when the server accepted a suite of it (INCONCLUSIVE for
 * no forward secrecy, which a reviewer weighs), PASS otherwise. SSLv2 acceptance makes every
 * category FAIL, as all SSLv2 ciphers are broken.
 */
export function cipherUnits(
  weak: readonly WeakCipherFinding[],
  sslv2: boolean,
  categories: readonly WeakCategory[],
) {
  return categories.map((category): TestUnit => {
    const hits = weak.filter((w) => w.categories.includes(category));
    const label = CATEGORY_TEXT[category];
    if (hits.length === 0 && !sslv2)
      return {
        id: `cipher-${category.toLowerCase()}`,
        verdict: "PASS",
        detail: text(`${label.ja}: 受け入れません`, `${label.en}: not accepted`),
      };
    const list = [...hits.map((h) => `${h.suite} (${h.protocol})`), ...(sslv2 ? ["SSLv2"] : [])].join(", ");
    return {
      id: `cipher-${category.toLowerCase()}`,
      verdict: category === "noFS" ? "INCONCLUSIVE" : "FAIL",
      detail: text(`${label.ja}: 受け入れます — ${list}`, `${label.en}: accepted — ${list}`),
    };
  });
}

/** Units for the certificate: key size, validity, trust (self-signed) and host name. */
export function certificateUnits(cert: CertificateFindings | null): TestUnit[] {
  if (!cert)
    return [
      {
        id: "certificate",
        verdict: "INCONCLUSIVE",
        detail: text("証明書を取得できませんでした", "could not obtain the certificate"),
      },
    ];
  const weakKey =
    cert.keyBits === null ||
    ((cert.keyType === "RSA" || cert.keyType === "DSA") && cert.keyBits < 2048) ||
    (cert.keyType === "EC" && cert.keyBits < 256);
  const key = `${cert.keyType} ${cert.keyBits ?? "?"} bit`;
  const units: TestUnit[] = [
    {
      id: "certificate-key",
      verdict: weakKey ? "FAIL" : "PASS",
      detail: weakKey
        ? text(
            `鍵が弱すぎます: ${key}（RSA は 2048 ビット以上、EC は 256 ビット以上）`,
            `key too weak: ${key} (need RSA ≥ 2048, EC ≥ 256)`,
          )
        : text(`鍵: ${key}`, `key: ${key}`),
    },
  ];
  const window = `${cert.notBefore} – ${cert.notAfter}`;
  units.push({
    id: "certificate-validity",
    verdict: cert.expired || cert.notYetValid ? "FAIL" : "PASS",
    detail: cert.expired
      ? text(`有効期限切れです（${window}）`, `expired (${window})`)
      : cert.notYetValid
        ? text(`まだ有効ではありません（${window}）`, `not yet valid (${window})`)
        : text(
            `有効です（残り ${cert.daysLeft} 日、${window}）`,
            `valid (${cert.daysLeft} days left, ${window})`,
          ),
  });
  units.push({
    id: "certificate-trust",
    verdict: cert.selfSigned || cert.trusted !== true ? "INCONCLUSIVE" : "PASS",
    detail: cert.selfSigned
      ? text(
          "自己署名証明書です。クライアントが証明書を固定（ピン留め）していなければ検証できません",
          "self-signed: clients cannot verify it unless they pin it",
        )
      : cert.trusted === true
        ? text("既定の CA ストアで検証できます", "verifies against the default CA store")
        : text(
            `既定の CA ストアでは検証できません（${cert.trustError ?? "不明"}）。独自 CA なら配布方法を確認してください`,
            `does not verify against the default CA store (${cert.trustError ?? "unknown"}); for a private CA, check how clients get it`,
          ),
  });
  units.push({
    id: "certificate-hostname",
    verdict: cert.hostnameMatches ? "PASS" : "INCONCLUSIVE",
    detail: cert.hostnameMatches
      ? text("証明書はホスト名と一致します", "the certificate names the host")
      : text(
          `証明書はホスト名と一致しません（${cert.subject}）`,
          `the certificate does not name the host (${cert.subject})`,
        ),
  });
  return units;
}
