import { describe, expect, it } from "vitest";
import { pathUrl } from "./client.ts";

describe("pathUrl", () => {
  it("fills and encodes the path parameters and appends the query", () => {
    expect(
      pathUrl("/api/signoffs/{signoffId}/report", { path: { signoffId: "a b/c" }, query: { lang: "en" } }),
    ).toBe("/api/signoffs/a%20b%2Fc/report?lang=en");
  });

  it("repeats a list in the query and leaves out undefined values", () => {
    expect(
      pathUrl("/api/products/{productId}/evidence-bundle", {
        path: { productId: "p1" },
        query: { criterion: ["S1.1-01", "S1.1-02"], other: undefined },
      }),
    ).toBe("/api/products/p1/evidence-bundle?criterion=S1.1-01&criterion=S1.1-02");
  });
});
