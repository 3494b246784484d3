import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSignIn, createMember, PASSWORD, setupAdmin } from "./api.ts";
import {
  type Browser,
  ensureWebBuilt,
  hasChromium,
  openBrowser,
  poll,
  type Stack,
  screenshot,
  signIn,
  startStack,
} from "./harness.ts";

/** An owner: edits like an editor and may also set the blocking threshold. */
const EDITOR = "vuln-owner@example.jp";

const SBOM = JSON.stringify({
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  version: 1,
  components: [
    {
      type: "library",
      name: "openssl",
      version: "3.0.11-1~deb12u2",
      purl: "pkg:deb/debian/openssl@3.0.11-1~deb12u2",
      licenses: [{ license: { id: "Apache-2.0" } }],
      supplier: { name: "Debian" },
    },
    {
      type: "library",
      name: "busybox",
      version: "1.34.1",
      cpe: "cpe:2.3:a:busybox:busybox:1.34.1:*:*:*:*:*:*:*",
    },
  ],
});

const TRIVY = JSON.stringify({
  SchemaVersion: 2,
  ArtifactName: "rootfs.tar",
  Results: [
    {
      Target: "rootfs",
      Vulnerabilities: [
        {
          VulnerabilityID: "CVE-2022-48174",
          PkgName: "busybox",
          InstalledVersion: "1.34.1",
          FixedVersion: "1.35.0",
          Severity: "CRITICAL",
          Title: "busybox: stack overflow in ash",
        },
        {
          VulnerabilityID: "CVE-2023-5678",
          PkgName: "openssl",
          PkgIdentifier: { PURL: "pkg:deb/debian/openssl@3.0.11-1~deb12u2" },
          InstalledVersion: "3.0.11-1~deb12u2",
          FixedVersion: "3.0.13-1~deb12u1",
          Severity: "MEDIUM",
        },
      ],
    },
  ],
});

describe.runIf(hasChromium())("a release's components and vulnerabilities in the browser", () => {
  let stack: Stack;
  let browser: Browser;
  let productId = "";

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken, "vuln-admin@example.jp");
    await createMember(admin, EDITOR, "owner", "Vuln Editor");
    const editor = await apiSignIn(stack.url, EDITOR);
    productId = (
      await editor.ok<{ id: string }>("POST", "/api/products", { name: "RT-500 router", category: "router" })
    ).id;
    await editor.ok("POST", `/api/products/${productId}/assessments`, {});
    await editor.ok("POST", `/api/products/${productId}/releases`, {
      version: "1.0.0",
      releasedOn: "2026-11-01",
    });
    const old = await editor.ok<{ id: string }>("POST", `/api/products/${productId}/releases`, {
      version: "0.9.0",
      releasedOn: "2026-06-01",
    });
    for (const c of [
      { name: "openssl", version: "3.0.9-1", purl: "pkg:deb/debian/openssl@3.0.9-1" },
      { name: "dropbear", version: "2022.83-1", purl: "pkg:deb/debian/dropbear@2022.83-1" },
    ]) {
      await editor.ok("POST", `/api/products/${productId}/components`, {
        ...c,
        oss: true,
        releaseId: old.id,
      });
    }
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("imports an SBOM and a Trivy report, filters findings and records a not-affected statement", async () => {
    const { page } = browser;
    await signIn(page, stack.url, EDITOR, PASSWORD);
    await page.goto(`${stack.url}/products/${productId}`);
    await page
      .getByRole("row", { name: /1\.0\.0/ })
      .getByRole("link", { name: "構成要素と脆弱性" })
      .click();
    await page.waitForURL(`**/products/${productId}/releases/*`);
    await poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "リリース 1.0.0 の構成要素と既知の脆弱性",
    );

    await page
      .getByLabel(/SBOM を取り込む/)
      .setInputFiles({ name: "bom.cdx.json", mimeType: "application/json", buffer: Buffer.from(SBOM) });
    await poll(() => page.getByRole("status").allTextContents()).toContain(
      "SBOM を取り込みました（構成要素 2 件）。",
    );
    await poll(() => page.getByRole("heading", { name: "構成要素（2 件）" }).count()).toBe(1);

    await page
      .getByLabel(/スキャナーのレポートを取り込む/)
      .setInputFiles({ name: "trivy.json", mimeType: "application/json", buffer: Buffer.from(TRIVY) });
    await poll(() => page.getByRole("status").allTextContents()).toContain(
      "レポートを取り込みました（2 件）。",
    );
    const findings = page.locator("#findings-heading");
    await poll(() => findings.textContent()).toBe("既知の脆弱性（2 件、申請を止めるもの 1 件）");
    const rows = page.locator("section[aria-labelledby=findings-heading] tbody tr");
    expect(await rows.count()).toBe(2);
    await page.getByLabel("深刻度", { exact: true }).selectOption("medium");
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("CVE-2023-5678");
    await page.getByLabel("深刻度", { exact: true }).selectOption("all");
    await page.getByLabel("状態", { exact: true }).selectOption("blocking");
    await poll(() => rows.count()).toBe(1);
    await screenshot(page, "vuln-01-findings-ja");

    // The owner lowers the blocking threshold to "low": the medium finding blocks too; then back to "high".
    const policy = page.getByRole("form", { name: "申請を止める深刻度の設定" });
    await policy.getByLabel("この深刻度以上の未解決の脆弱性で申請を止める").selectOption("low");
    await policy.getByRole("button", { name: "保存" }).click();
    await poll(() => findings.textContent()).toBe("既知の脆弱性（2 件、申請を止めるもの 2 件）");
    await poll(() => rows.count()).toBe(2);
    await page
      .getByRole("form", { name: "申請を止める深刻度の設定" })
      .getByLabel("この深刻度以上の未解決の脆弱性で申請を止める")
      .selectOption("high");
    await page
      .getByRole("form", { name: "申請を止める深刻度の設定" })
      .getByRole("button", { name: "保存" })
      .click();
    await poll(() => findings.textContent()).toBe("既知の脆弱性（2 件、申請を止めるもの 1 件）");
    await poll(() => rows.count()).toBe(1);

    const row = rows.first();
    expect(await row.textContent()).toContain("CVE-2022-48174");
    await row.getByRole("button", { name: "影響なしとして記録" }).click();
    await row.getByLabel("根拠").selectOption("code_not_present");
    await row.getByLabel("説明").fill("ash はビルドに含めていない（BusyBox の設定で無効）。");
    await row.getByRole("button", { name: "記録" }).click();
    await poll(() => findings.textContent()).toBe("既知の脆弱性（2 件、申請を止めるもの 0 件）");
    await page.getByLabel("状態", { exact: true }).selectOption("not_affected");
    await poll(() => rows.first().textContent()).toContain("該当コードが含まれていない");
    expect(await rows.first().textContent()).toContain("Vuln Editor");

    // The difference from the older release (hand-entered components) by the Debian version order.
    await page.getByLabel("比較するリリース").selectOption({ label: "0.9.0 (2026-06-01)" });
    await page.getByRole("button", { name: "比較" }).click();
    await poll(() => page.getByTestId("release-diff").locator("li").allTextContents()).toEqual([
      "追加: busybox 1.34.1",
      "削除: dropbear 2022.83-1",
      "更新: openssl 3.0.9-1 → 3.0.11-1~deb12u2",
      "変更なし: 0 件",
    ]);

    // The readiness of the product no longer has the vulnerability blocker.
    const editor = await apiSignIn(stack.url, EDITOR);
    const [assessment] = await editor.ok<{ id: string }[]>("GET", `/api/products/${productId}/assessments`);
    const view = await editor.ok<{ readiness: { blockers: { code: string }[] } }>(
      "GET",
      `/api/assessments/${assessment?.id}`,
    );
    expect(view.readiness.blockers.map((b) => b.code)).not.toContain("UNRESOLVED_VULNERABILITY");
  });
});
