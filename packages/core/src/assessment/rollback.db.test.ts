import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { createEvidence } from "../evidence/evidence.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createProduct, listProducts } from "../product/product.ts";
import { createAssessment, getAssessment } from "./assessment.ts";
import { setCriterionResult } from "./set-result.ts";

/** Makes the database fail the first insert into one table, as a crash half-way through a request would. */
function crashOnInsertInto(table: string): KyselyPlugin {
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      const node = args.node;
      if (node.kind === "InsertQueryNode" && node.into?.table.identifier.name === table) {
        throw new Error(`simulated crash on insert into ${table}`);
      }
      return node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return args.result;
    },
  };
}

describe.each(testDialects())("a crash mid-request on %s", (dialect) => {
  let t: TestDb;
  let deps: CoreDeps;
  let ctx: RequestContext;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    deps = { db: t.db, catalog: loadCatalog(), now: () => new Date() };
    ctx = {
      orgId: (await createOrganisation(t.db, "A", new Date())).id,
      actor: { id: null, name: "t" },
      lang: "en",
    };
  });
  afterAll(async () => t?.dispose());

  it("leaves a verdict and its evidence links as they were", async () => {
    const product = await createProduct(deps, ctx, { name: "P", category: "camera" });
    const a = await createAssessment(deps, ctx, product.id);
    const doc = await createEvidence(deps, ctx, { type: "document", documentName: "Policy", location: "§1" });
    const crashing = { ...deps, db: t.db.withPlugin(crashOnInsertInto("evidence_links")) };
    await expect(
      setCriterionResult(crashing, ctx, a.id, "S1.1-09", {
        state: "conformant",
        version: 1,
        linkEvidenceIds: [doc.id],
      }),
    ).rejects.toThrow(/simulated crash/);
    const after = (await getAssessment(deps, ctx, a.id)).results.find((r) => r.criterionId === "S1.1-09");
    expect(after).toMatchObject({ state: "not_assessed", version: 1, evidence: [] });
  });

  it("leaves no product behind when its model numbers fail to insert", async () => {
    const crashing = { ...deps, db: t.db.withPlugin(crashOnInsertInto("model_numbers")) };
    await expect(
      createProduct(crashing, ctx, { name: "half", category: "sensor", modelNumbers: ["H-1"] }),
    ).rejects.toThrow(/simulated crash/);
    expect((await listProducts(deps, ctx)).map((p) => p.name)).not.toContain("half");
  });
});
