import { describe, expect, it } from "vitest";
import { detailsToErrors, isCalendarDate, makeChecks, validate } from "./validate.ts";

const t = (key: string, options?: Record<string, unknown>) =>
  options ? `${key}:${JSON.stringify(options)}` : key;

describe("form checks", () => {
  it("accept only real calendar dates as YYYY-MM-DD", () => {
    expect(isCalendarDate("2030-03-31")).toBe(true);
    expect(isCalendarDate("2030-02-30")).toBe(false);
    expect(isCalendarDate("2030/03/31")).toBe(false);
  });

  it("keep the first failing check per field", () => {
    const check = makeChecks(t);
    const errors = validate(
      { name: "", date: "31.03.2030", email: "a@b.co", long: "xxxx" },
      {
        name: [check.required, check.max(3)],
        date: [check.date],
        email: [check.email],
        long: [check.max(3)],
      },
    );
    expect(errors).toEqual({
      name: "validation.required",
      date: "validation.date",
      long: 'validation.max:{"n":3}',
    });
  });

  it("check a password's length by the server's rule, counted as the server counts it (NFKC code points)", () => {
    const check = makeChecks(t, { password: { minLength: 12, maxLength: 256 } });
    expect(check.password("a".repeat(11))).toBe('validation.password:{"n":12}');
    expect(check.password("a".repeat(12))).toBeNull();
    // 12 emoji are 24 UTF-16 units but 12 characters; ﾊﾟ (half-width) is 2 code points, パ after NFKC is 1.
    expect(check.password("😀".repeat(11))).toBe('validation.password:{"n":12}');
    expect(check.password("😀".repeat(12))).toBeNull();
    expect(check.password("ﾊﾟ".repeat(6))).toBe('validation.password:{"n":12}');
    // Before the rules arrive, the server's answer is the check.
    expect(makeChecks(t).password("short")).toBeNull();
  });

  it("map server details to the longest matching field", () => {
    const result = detailsToErrors(
      [
        { path: "connectivity.interfaces.0", message: "bad" },
        { path: "name", message: "too long" },
        { path: "other", message: "x" },
      ],
      ["name", "connectivity.interfaces"],
    );
    expect(result.fields).toEqual({ name: "too long", "connectivity.interfaces": "bad" });
    expect(result.other).toEqual(["other: x"]);
  });
});
