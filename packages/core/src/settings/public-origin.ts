import { z } from "zod";

/** Why an origin is refused (the same words for `JCSTAR_PUBLIC_URL`, `/setup` and the admin settings). */
const ORIGIN_RULE =
  "an absolute http(s) origin without path, query or credentials, e.g. https://jcstar.example.jp";

/** `https://host[:port]` (a trailing `/` is allowed and dropped). Returns the normalised origin. */
export function parsePublicOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || url.search || url.hash) return null;
  if (url.pathname !== "/" || /[?#]/.test(value)) return null;
  if (!url.hostname) return null;
  return url.origin;
}

/** The public origin of this instance, validated and normalised (`https://jcstar.example.jp`). */
export const publicUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .transform((v, ctx) => {
    const origin = parsePublicOrigin(v);
    if (!origin) {
      ctx.addIssue({ code: "custom", message: `must be ${ORIGIN_RULE}` });
      return z.NEVER;
    }
    return origin;
  });
