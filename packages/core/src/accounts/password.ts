import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { I18nText } from "../i18n/text.ts";
import { isTrivialPassword } from "./trivial-password.ts";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const COMMON = new Set(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), "common-passwords.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith("#")),
);

/**
 * The form of a password that is checked and hashed: Unicode NFKC, so that full-width and
 * half-width (or composed and decomposed) spellings are one password. Hashes have always been of
 * this form (see `scrypt` below), so stored hashes keep verifying.
 */
export function normalisePassword(password: string): string {
  return password.normalize("NFKC");
}

const TOO_EASY: I18nText = {
  ja: "推測されやすいパスワードです。別のパスワードにしてください。",
  en: "This password is too easy to guess; choose another.",
};

/**
 * Why a new password is refused, or null when it is acceptable. Judged on the NFKC form: at least
 * 12 characters (code points), not on the shipped list of common passwords (also not one of them
 * with digits or symbols added), not the e-mail, not a sequence, keyboard row or repeated characters.
 */
export function passwordProblem(password: string, email?: string): I18nText | null {
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return {
      ja: `パスワードは ${PASSWORD_MIN_LENGTH} 文字以上にしてください。`,
      en: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
    };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return {
      ja: `パスワードは ${PASSWORD_MAX_LENGTH} 文字以内にしてください。`,
      en: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
    };
  }
  const lower = normalised.toLowerCase();
  const core = lower
    .replace(/[^a-z\u3040-\u30ff\u4e00-\u9fff]+$/u, "")
    .replace(/^[^a-z\u3040-\u30ff\u4e00-\u9fff]+/u, "");
  const local = email ? normalisePassword(email).split("@")[0]?.toLowerCase() : undefined;
  const guessable =
    COMMON.has(lower) ||
    (core.length > 0 && COMMON.has(core)) ||
    isTrivialPassword(lower) ||
    (local !== undefined && local.length >= 4 && lower.includes(local));
  return guessable ? TOO_EASY : null;
}

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(
      normalisePassword(password),
      salt,
      KEYLEN,
      { N: n, r, p, maxmem: 64 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  return hashWithSalt(password, randomBytes(16));
}

/**
 * The same hash with a given salt: for secrets that are looked up by their hash (recovery codes share one salt
 * per set, so that a typed code is hashed once and found by equality).
 */
export async function hashWithSalt(secret: string, salt: Buffer): Promise<string> {
  const key = await scrypt(secret, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** The salt of a stored `scrypt$…` hash, or null when it is malformed. */
export function saltOf(stored: string): Buffer | null {
  const [scheme, , , , salt] = stored.split("$");
  return scheme === "scrypt" && salt ? Buffer.from(salt, "base64") : null;
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to verify against when the account does not exist, so that timing does not reveal it. */
export const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString("base64")}$${Buffer.alloc(KEYLEN).toString("base64")}`;
