/** Japanese texts of the instance's security.txt admin page (part of ja.ts). */
export const jaSecurity = {
  securityTxt: {
    nav: "security.txt",
    title: "このインスタンスの security.txt",
    intro:
      "このインスタンス自体の脆弱性の連絡先を /.well-known/security.txt（RFC 9116）として公開します。連絡先と有効期限を設定するまでは公開されず（404）、有効期限を過ぎると再び 404 になります。",
    contacts: "連絡先（1 行に 1 つ）",
    contactsHint: "mailto: または https:// の URI。例: mailto:security@example.jp",
    expires: "有効期限（Expires）",
    expiresHint: "未来の日付で、1 年以内にしてください。期限前に更新してください。",
    languages: "受け付ける言語（Preferred-Languages）",
    policy: "開示方針のページ（Policy、任意）",
    policyHint: "https:// の URL。Canonical はインスタンスの公開 URL から作られます。",
    save: "security.txt を保存",
    saved: "保存しました。",
    served: "いま公開している内容",
    notServed: "公開していません（404）: 連絡先と有効期限を設定してください。",
  },
};
