import { LETTER_DIGIT_ASTRAL, LETTER_DIGIT_BMP } from "./letters-digits.data.ts";

/**
 * Regex source (no flags, so JSON Schema `pattern` and every ECMA-262 engine read it alike) of one letter or digit
 * of any script — what `[\p{L}\p{N}${extra}]` matches with the /u flag, as UTF-16: BMP code points in one class,
 * astral ones as surrogate pairs. `extra` is added to the class (already escaped for a class).
 */
export function letterOrDigit(extra = ""): string {
  return `([${LETTER_DIGIT_BMP}${extra}]|${LETTER_DIGIT_ASTRAL})`;
}
