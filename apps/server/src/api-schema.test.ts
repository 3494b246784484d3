import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_SCHEMA_FILE, apiSchemaSource, servedOpenApiDocument } from "./api-schema.ts";

describe("the web's generated API types", () => {
  it("are what the server's route definitions generate today", async () => {
    const doc = await servedOpenApiDocument();
    const fresh = await apiSchemaSource(doc);
    // Same document, same text: the check cannot pass or fail by chance.
    expect(await apiSchemaSource(doc)).toBe(fresh);
    expect(fresh).toContain("export interface paths");
    const committed = readFileSync(API_SCHEMA_FILE, "utf8");
    if (committed !== fresh) {
      expect.fail(
        "apps/web/src/api/schema.gen.ts is stale: the server's routes changed. Run `npm run gen:api` and commit it.",
      );
    }
  });
});
