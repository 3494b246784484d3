import { describe, expect, it } from "vitest";
import { formatDate, formatTimestamp, jstDate } from "./datetime.ts";

describe("dates and times for people", () => {
  it("shows instants in Japan Standard Time and names the zone", () => {
    expect(formatTimestamp("2026-11-26T15:30:00Z", "ja")).toBe("2026年11月27日 00:30（日本時間）");
    expect(formatTimestamp("2026-11-26T15:30:00Z", "en")).toBe("27 November 2026, 00:30 JST (UTC+9)");
    expect(formatTimestamp(new Date("2026-12-31T14:59:59.999Z"), "ja")).toBe(
      "2026年12月31日 23:59（日本時間）",
    );
    expect(formatTimestamp("not a time", "ja")).toBe("not a time");
  });
  it("dates a document by the calendar in Japan", () => {
    expect(jstDate(new Date("2026-11-26T14:59:59Z"))).toBe("2026-11-26");
    expect(jstDate(new Date("2026-11-26T15:00:00Z"))).toBe("2026-11-27");
    expect(formatDate("2030-03-31", "ja")).toBe("2030年3月31日");
    expect(formatDate("2030-03-31", "en")).toBe("31 March 2030");
  });
});
