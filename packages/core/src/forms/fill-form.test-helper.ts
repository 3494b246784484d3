import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { getApplicationForm, saveApplicationForm } from "./application-form.ts";

/** Fills every required item of a product's application form (and ticks every confirmation). */
export async function fillApplicationForm(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  options: { proxy?: boolean } = {},
) {
  const form = await getApplicationForm(deps, ctx, productId);
  return saveApplicationForm(deps, ctx, productId, {
    version: form.version,
    proxy: options.proxy ?? false,
    values: {
      corporateNumber: "1234567890123",
      postalCode: "100-0001",
      address: "東京都千代田区千代田1-1",
      representativeTitle: "代表取締役",
      representativeName: "山田 太郎",
      contactDepartment: "品質保証部",
      contactName: "佐藤 花子",
      contactEmail: "security@example.jp",
      contactPhone: "03-1234-5678",
      ...(options.proxy
        ? {
            agentName: "申請代行株式会社",
            agentAddress: "大阪府大阪市北区1-1",
            agentRepresentative: "代理 一郎",
            agentContactEmail: "agent@example.jp",
            delegatedScope: "JC-STAR 適合ラベルの申請手続き一切",
          }
        : {}),
    },
    publish: { makerName: true, contactEmail: true, productName: true, modelNumbers: true },
    confirmations: Object.fromEntries(form.confirmations.map((c) => [c.id, true])),
  });
}
