import type { Bilingual } from "../result/types.ts";

/** One problem found in a profile, located by line (1-based) and key path. */
export interface ProfileIssue {
  line: number;
  column: number;
  /** Dotted key path such as `services[0].auth.type` (empty for the whole document). */
  key: string;
  message: Bilingual;
}

/** Thrown when a profile cannot be read or is not valid. `issues` holds every problem found. */
export class ProfileError extends Error {
  readonly file: string;
  readonly issues: ProfileIssue[];
  constructor(file: string, issues: ProfileIssue[]) {
    super(formatIssues(file, issues, "en"));
    this.name = "ProfileError";
    this.file = file;
    this.issues = issues;
  }
  /** The error text in one language, one `file:line:column key: message` line per issue. */
  format(lang: keyof Bilingual): string {
    return formatIssues(this.file, this.issues, lang);
  }
}

function formatIssues(file: string, issues: ProfileIssue[], lang: keyof Bilingual): string {
  const head = lang === "ja" ? `デバイスプロファイルが不正です: ${file}` : `invalid device profile: ${file}`;
  const lines = issues.map(
    (i) => `  ${file}:${i.line}:${i.column} ${i.key || "(document)"}: ${i.message[lang]}`,
  );
  return [head, ...lines].join("\n");
}

/** Formats a key path like zod's `["services", 0, "id"]` as `services[0].id`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
