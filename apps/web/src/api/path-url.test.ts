import { describe, expect, it } from "vitest";
import { apiUrl, pathUrl } from "./client.ts";

describe("URLs of documented operations", () => {
  it("fill and encode the path parameters and append the query", () => {
    expect(
      pathUrl("/api/signoffs/{signoffId}/report", { path: { signoffId: "a b/c" }, query: { lang: "en" } }),
    ).toBe("/api/signoffs/a%20b%2Fc/report?lang=en");
  });

  it("repeat a list in the query and leave out undefined values", () => {
    expect(
      pathUrl("/api/products/{productId}/evidence-bundle", {
        path: { productId: "p1" },
        query: { criterion: ["S1.1-01", "S1.1-02"] },
      }),
    ).toBe("/api/products/p1/evidence-bundle?criterion=S1.1-01&criterion=S1.1-02");
    expect(
      apiUrl("post", "/api/evidence/files", {
        query: { kind: "document", fileName: "方針.pdf", productId: undefined, criterion: ["S1.1-01"] },
      }),
    ).toBe("/api/evidence/files?kind=document&fileName=%E6%96%B9%E9%87%9D.pdf&criterion=S1.1-01");
  });

  it("are checked against the generated paths (tsc fails on the lines below without the expect-error)", () => {
    // @ts-expect-error a route that is not documented
    expect(pathUrl("/api/evidence/{id}/file", { path: { id: "e1" } })).toBe("/api/evidence/e1/file");
    // @ts-expect-error a renamed path parameter
    expect(pathUrl("/api/evidence/{evidenceId}/file", { path: { id: "e1" } })).toContain("/api/evidence/");
    // @ts-expect-error an undocumented query parameter
    expect(apiUrl("post", "/api/evidence/files", { query: { kind: "photo", colour: "red" } })).toContain("?");
    // @ts-expect-error a GET-only path used for an upload
    expect(apiUrl("post", "/api/evidence/{evidenceId}/file", { path: { evidenceId: "e1" } })).toBeTruthy();
  });
});
