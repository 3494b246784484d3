import type { z } from "zod";
import type { I18nText } from "../i18n/text.ts";
import { AppError, type ErrorDetail } from "./app-error.ts";

type Issue = z.core.$ZodIssue;

function describe(issue: Issue): I18nText {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? { ja: "必須項目です。", en: "Required." }
        : { ja: `${issue.expected} 型で指定してください。`, en: `Expected ${issue.expected}.` };
    case "too_small":
      return issue.origin === "string"
        ? {
            ja: `${issue.minimum} 文字以上で入力してください。`,
            en: `Must be at least ${issue.minimum} characters.`,
          }
        : issue.origin === "array"
          ? { ja: `${issue.minimum} 件以上必要です。`, en: `Needs at least ${issue.minimum} items.` }
          : { ja: `${issue.minimum} 以上にしてください。`, en: `Must be at least ${issue.minimum}.` };
    case "too_big":
      return issue.origin === "string"
        ? {
            ja: `${issue.maximum} 文字以内で入力してください。`,
            en: `Must be at most ${issue.maximum} characters.`,
          }
        : issue.origin === "array"
          ? { ja: `${issue.maximum} 件までです。`, en: `At most ${issue.maximum} items.` }
          : { ja: `${issue.maximum} 以下にしてください。`, en: `Must be at most ${issue.maximum}.` };
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v)).join(", ");
      return { ja: `次のいずれかを指定してください: ${values}`, en: `Must be one of: ${values}` };
    }
    case "invalid_format":
      return { ja: `形式が正しくありません（${issue.format}）。`, en: `Invalid format (${issue.format}).` };
    case "unrecognized_keys":
      return {
        ja: `不明な項目です: ${issue.keys.join(", ")}`,
        en: `Unknown field(s): ${issue.keys.join(", ")}`,
      };
    case "custom": {
      const params = issue.params as { ja?: string; en?: string } | undefined;
      if (params?.ja && params.en) return { ja: params.ja, en: params.en };
      return { ja: issue.message, en: issue.message };
    }
    default:
      return { ja: "値が正しくありません。", en: issue.message || "Invalid value." };
  }
}

/** Turns zod issues into error details in both languages, paths dotted (`a.b.0`). */
export function zodDetails(issues: readonly Issue[], prefix = ""): ErrorDetail[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return { path: prefix && path ? `${prefix}.${path}` : prefix || path, message: describe(issue) };
  });
}

/** A VALIDATION_FAILED error carrying every zod issue as a detail. */
export function validationError(error: z.ZodError, prefix = ""): AppError {
  return new AppError("VALIDATION_FAILED", {}, zodDetails(error.issues, prefix));
}

/** Parses with a schema or throws VALIDATION_FAILED with details. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix = ""): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}
