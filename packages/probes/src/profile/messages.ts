import type { z } from "zod";
import type { Bilingual } from "../result/types.ts";

const customJa: Record<string, string> = {
  "duplicate id": "id が重複しています",
  "only for http(s) services": "http(s) のサービスでのみ指定できます",
  "required when type is form": "type が form のときは必須です",
  "only when type is form": "type が form のときだけ指定できます",
  "required with passwordEnv": "passwordEnv を指定するときは必須です",
  "must be an environment variable name": "環境変数名を指定してください",
  "server-side runs take passwords from the secret store: use passwordSecret":
    "サーバーでの実行ではパスワードをシークレットから読みます。passwordSecret を使ってください",
  "server-side runs read no files: put the pairs in extra":
    "サーバーでの実行ではファイルを読みません。組は extra に指定してください",
  "required with passwordSecret": "passwordSecret を指定するときは必須です",
  "passwordEnv or passwordSecret, not both":
    "passwordEnv と passwordSecret はどちらか一方だけ指定してください",
  "must be a secret name (letters, digits, '.', '_', '-')":
    "シークレット名（英数字と '.', '_', '-'）を指定してください",
  "letters, digits, '.', '_' and '-' only": "英数字と '.', '_', '-' だけが使えます",
};

/**
 * A zod issue as a bilingual message (the English text is zod's or the schema's own).
 * `present` tells whether the key exists in the document (a missing key is reported as such).
 */
export function issueMessage(issue: z.core.$ZodIssue, present: boolean): Bilingual {
  switch (issue.code) {
    case "invalid_type":
      if (!present) return { ja: "必須のキーがありません", en: "required key is missing" };
      return { ja: `型が違います（期待: ${issue.expected}）`, en: issue.message };
    case "too_small":
      return { ja: `小さすぎます（最小: ${String(issue.minimum)}）`, en: issue.message };
    case "too_big":
      return { ja: `大きすぎます（最大: ${String(issue.maximum)}）`, en: issue.message };
    case "invalid_value":
      return {
        ja: `次のいずれかを指定してください: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
        en: issue.message,
      };
    case "unrecognized_keys": {
      if (issue.keys.includes("password"))
        return {
          ja: "パスワードをファイルに書かないでください。passwordEnv に環境変数名（サーバー実行では passwordSecret にシークレット名）を指定してください",
          en: "never put a password in the file: name an environment variable in passwordEnv (server-side runs: a secret in passwordSecret)",
        };
      return { ja: `不明なキーです: ${issue.keys.join(", ")}`, en: issue.message };
    }
    case "invalid_format":
      return { ja: `形式が正しくありません（${issue.format}）`, en: issue.message };
    case "custom":
      if (issue.message.includes("port"))
        return {
          ja: `ポート番号またはポート範囲（1–65535、例: 1-1024,8080）ではありません: ${issue.message}`,
          en: issue.message,
        };
      return { ja: customJa[issue.message] ?? issue.message, en: issue.message };
    default:
      return { ja: issue.message, en: issue.message };
  }
}
