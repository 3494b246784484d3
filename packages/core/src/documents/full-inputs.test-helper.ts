/** Document inputs with every field a document needs. */
export const FULL_INPUTS = {
  productCode: "CAM100",
  contact: {
    email: "psirt@example.jp",
    formUrl: null,
    department: { ja: "製品セキュリティ窓口", en: "Product security team" },
    encryptionKeyUrl: null,
  },
  disclosure: {
    policyUrl: "https://example.jp/security/policy",
    securityTxtUrl: "https://example.jp/.well-known/security.txt",
    preferredLanguages: ["ja", "en"],
    acknowledgeBusinessDays: 3,
    statusUpdateDays: 10,
    coordinatedDisclosureDays: 90,
    securityTxtValidDays: 180,
  },
  updates: {
    app: { enabled: true, name: "CamLink" },
    webUi: { enabled: true, menuPath: { ja: "設定 > システム > 更新", en: "Settings > System > Update" } },
    download: { enabled: true, url: "https://example.jp/download" },
    automatic: false,
    releaseNotesUrl: "https://example.jp/releases",
    criticalFixDays: 30,
    otherFixDays: 90,
    notificationChannels: { ja: "当社Webサイトのお知らせ", en: "news on our website" },
  },
  userInfo: {
    supportUrl: "https://example.jp/support",
    initialSetup: { ja: "", en: "" },
    resetSteps: {
      ja: "本体のリセットボタンを10秒押し続けます。",
      en: "Hold the reset button for 10 seconds.",
    },
    disposal: { ja: "", en: "" },
  },
};
