/** 日本語: 凍結したチェックリスト、証跡の選択、文書のプレビュー（ja.ts の一部）。 */
export const jaReview = {
  frozen: {
    title: "承認したチェックリスト（凍結）",
    taken: "{{date}} に凍結",
    criterion: "基準",
    state: "判定",
    evidence: "証跡",
    none: "証跡なし",
    open: "ファイルを開く",
    olderRuns: "以前の実行 {{count}} 件",
    testedOn: "試験日 {{date}}",
  },
  picker: {
    search: "証跡を検索",
    searchHint: "名前・文書番号・試験名で絞り込みます。",
    showAll: "すべての証跡を表示（この基準の評価方法・この製品以外も）",
    fitting: "この基準に合う証跡（{{method}}・この製品）を表示しています。",
    methods: {
      document: "文書",
      device: "実機テスト・スクリーンショット等",
      both: "文書と実機テスト",
    },
    noMatch: "条件に合う証跡はありません。",
    pdfPage: "PDF の {{page}} / {{pages}} ページ",
    pdfError: "PDF を表示できませんでした。",
    pdfNoPages: "この PDF にはページがありません。",
  },
  docPreview: {
    prefilled:
      "連絡先と URL は、文書の作成で入力した内容から入れてあります（保存すると公開設定になります）。",
    frameTitle: "{{title}} のプレビュー（発行時と同じ HTML）",
    sourceNote: "発行される HTML をそのまま表示しています（スクリプトは動きません）。",
  },
};
