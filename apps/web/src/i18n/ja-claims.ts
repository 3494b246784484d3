/** Japanese texts of the claims checker and the "unverified" mark (part of ja.ts). */
export const jaClaims = {
  claimsPage: {
    link: "表示・宣伝文のチェック",
    title: "{{name}} の表示・宣伝文のチェック",
    help: "宣伝文や製品ページの文章を貼り付けると、ラベルの使用規則（完全な安全・脆弱性がないこと・推奨の示唆の禁止、受理番号の通知前の「申請中」等の禁止など）に反する文を、規則と出典とともに示します。ラベルを使わない宣伝にも同じ規則が適用されます。",
    paste: "文章を貼り付けてチェック",
    textLabel: "宣伝文（日本語・英語）",
    textHint: "20,000 文字まで。保存はされません。",
    check: "チェックする",
    checkDocument: "生成した利用者向けセキュリティ情報をチェック",
    results: "チェック結果",
    resultsDocument: "チェック結果（利用者向けセキュリティ情報）",
    noFindings: "規則に反する文は見つかりませんでした。",
    findingCount: "規則に反する可能性のある箇所: {{count}} 件",
    none: "記録なし",
    noLabel: "ラベルなし",
    expiry: "ラベルの有効期限",
    labelledModels: "ラベルの対象型番",
    expected: "記録されている値: {{value}}",
    source: "出典:",
    severity: { error: "規則違反", warning: "要確認" },
  },
  sources: {
    confidence: { official: "公式", secondary: "二次情報", unverified: "未確認" },
  },
};
