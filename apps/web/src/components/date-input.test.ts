import { describe, expect, it } from "vitest";
import { dateValue, parseDateInput } from "./date-input.ts";

describe("dates as people type them", () => {
  it("become YYYY-MM-DD", () => {
    for (const typed of [
      "2031-03-31",
      "2031/03/31",
      "2031/3/31",
      "2031.03.31",
      "20310331",
      "2031年3月31日",
      "２０３１／０３／３１",
      " 2031-03-31 ",
    ])
      expect(parseDateInput(typed), typed).toBe("2031-03-31");
    expect(parseDateInput("2032/2/29")).toBe("2032-02-29");
  });
  it("are refused when they are not real calendar dates", () => {
    for (const typed of [
      "2031-02-29",
      "2031/13/01",
      "31/03/2031",
      "2031-3",
      "",
      "tomorrow",
      "2031-03-31T00:00",
    ])
      expect(parseDateInput(typed), typed).toBeNull();
  });
  it("send the canonical form, or the text as typed for the server to refuse", () => {
    expect(dateValue("2031/03/31")).toBe("2031-03-31");
    expect(dateValue(" 31.03.2031 ")).toBe("31.03.2031");
  });
});
