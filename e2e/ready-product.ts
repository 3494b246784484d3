import type { ApiSession } from "./api.ts";

/** A product of the maker's organisation whose self-assessment is complete and signed off by the owner (through the API). */
export async function signedOffProduct(api: ApiSession, owner: ApiSession): Promise<string> {
  const product = await api.ok<{ id: string }>("POST", "/api/products", {
    name: "見守りカメラ CAM-500",
    category: "camera",
    modelNumbers: ["CAM-500", "CAM-500W"],
    supportEndDate: "2031-03-31",
  });
  const assessment = await api.ok<{ id: string }>("POST", `/api/products/${product.id}/assessments`, {});
  const doc = await api.ok<{ id: string }>("POST", "/api/evidence", {
    type: "document",
    documentName: "セキュリティ設計書",
    documentNumber: "SEC-500",
    location: "第3章",
  });
  const rec = await api.ok<{ id: string }>("POST", "/api/evidence", {
    type: "device_test",
    recordName: "probe-run.json",
    resultSummary: "全項目 PASS",
    testedOn: "2026-11-20",
    tester: "検証 花子",
  });
  const criteria = await api.ok<{ id: string; method: string }[]>("GET", "/api/criteria");
  for (const c of criteria) {
    const evidenceIds =
      c.method === "document" ? [doc.id] : c.method === "device" ? [rec.id] : [doc.id, rec.id];
    await api.ok("PUT", `/api/assessments/${assessment.id}/results/${c.id}`, {
      state: "conformant",
      version: 1,
      linkEvidenceIds: evidenceIds,
    });
  }
  // The application form filled in and the self-declaration signed off by the owner, as "ready" requires.
  const form = await api.ok<{ version: number; confirmations: { id: string }[] }>(
    "GET",
    `/api/products/${product.id}/application-form`,
  );
  await api.ok("PUT", `/api/products/${product.id}/application-form`, {
    version: form.version,
    proxy: false,
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
    },
    confirmations: Object.fromEntries(form.confirmations.map((c) => [c.id, true])),
  });
  await owner.ok("POST", `/api/products/${product.id}/signoffs`, {
    signerName: "山田 太郎",
    signerTitle: "代表取締役",
  });
  return product.id;
}
