/** Japanese texts of guided manual tests (part of ja.ts). */
export const jaGuided = {
  guided: {
    title: "手動試験: {{title}}",
    start: "手順に沿って手動試験を行う",
    intro:
      "各手順の結果（合格・不合格・対象外）を選び、必要ならメモと写真・動画を添付してください。添付は選んだ時点で証跡として保管され、この基準に紐付きます。",
    tester: "試験者",
    step: "手順 {{n}} / {{total}}",
    keep: "証跡として残すもの: {{what}}",
    result: "結果",
    pass: "合格",
    fail: "不合格",
    skip: "対象外・スキップ",
    note: "メモ（任意）",
    attach: "写真・動画を添付（任意）",
    attached: "添付したファイル",
    answeredAt: "回答日時: {{at}}",
    unanswered:
      "未回答の手順が {{count}} 件あります。未回答の手順は「未実施」として記録され、試験は合格になりません。",
    file: "手動試験の結果を記録",
    filed: "手動試験を実機テストの証跡として記録しました（判定: {{verdict}}）。",
    testerRequired: "試験者の名前を入力してください。",
  },
};
