import type { I18nText } from "../i18n/text.ts";
import type { ErrorCode } from "./app-error.ts";

/** User-facing message per error code, ja and en. `{name}` placeholders are filled from the error's params. */
export const ERROR_MESSAGES: Record<ErrorCode, I18nText> = {
  VALIDATION_FAILED: { ja: "入力内容に誤りがあります。", en: "The input is not valid." },
  MALFORMED_JSON: {
    ja: "リクエスト本文が正しい JSON ではありません。",
    en: "The request body is not valid JSON.",
  },
  INPUT_TOO_DEEP: {
    ja: "入力の入れ子が深すぎます（上限 {limit} 段）。",
    en: "The input is nested too deeply (limit {limit} levels).",
  },
  INPUT_NUL_CHARACTER: {
    ja: "入力に NUL 文字（U+0000）が含まれています: {where}",
    en: "The input contains a NUL character (U+0000): {where}",
  },
  INVALID_CSV: { ja: "CSV を読み取れません: {reason}", en: "The CSV could not be read: {reason}" },
  UNSUPPORTED_MEDIA_TYPE: {
    ja: "Content-Type {type} には対応していません。{expected} を指定してください。",
    en: "Content-Type {type} is not supported; send {expected}.",
  },
  PAYLOAD_TOO_LARGE: {
    ja: "リクエスト本文が大きすぎます（上限 {limit} バイト）。",
    en: "The request body is too large (limit {limit} bytes).",
  },
  NOT_FOUND: { ja: "{entity} {id} は見つかりません。", en: "{entity} {id} was not found." },
  ROUTE_NOT_FOUND: { ja: "このURLのAPIはありません。", en: "There is no API at this URL." },
  UNKNOWN_CATALOG_VERSION: {
    ja: "チェックリスト版 {version} は登録されていません。",
    en: "Checklist version {version} is not known.",
  },
  UNKNOWN_CRITERION: {
    ja: "適合基準 {criterionId} はチェックリスト版 {version} にありません。",
    en: "Criterion {criterionId} is not part of checklist version {version}.",
  },
  ALREADY_EXISTS: { ja: "{entity} {key} は既に存在します。", en: "{entity} {key} already exists." },
  VERSION_CONFLICT: {
    ja: "他の人がこのデータを更新しました（現在の版 {current}、送信された版 {sent}）。再読み込みしてからやり直してください。",
    en: "Someone else changed this record (current version {current}, you sent {sent}). Reload and try again.",
  },
  IN_USE: {
    ja: "{entity} {id} は使用中のため削除できません: {reason}",
    en: "{entity} {id} is in use and cannot be deleted: {reason}",
  },
  NA_NOT_ALLOWED: {
    ja: "{criterionId} は「要件充足不要」にできない適合基準です。",
    en: "{criterionId} cannot be marked not applicable.",
  },
  NA_WITHOUT_REASON: {
    ja: "{criterionId} を「要件充足不要」とするには理由の記載が必要です。",
    en: "Marking {criterionId} not applicable needs a recorded reason.",
  },
  MISSING_DOCUMENT_EVIDENCE: {
    ja: "{criterionId} を「適合」とするにはドキュメント評価の証跡（文書名と該当箇所）が必要です。",
    en: "Marking {criterionId} conformant needs document evidence (document name and location).",
  },
  MISSING_DEVICE_EVIDENCE: {
    ja: "{criterionId} を「適合」とするには実機テストの証跡（記録名・結果概要・実施日・実施者）が必要です。",
    en: "Marking {criterionId} conformant needs a device-test record (record name, result summary, date, tester).",
  },
  EVIDENCE_INCOMPLETE: {
    ja: "証跡 {evidenceId} に必須項目がありません: {fields}",
    en: "Evidence {evidenceId} lacks required fields: {fields}",
  },
  INVALID_MIGRATION: {
    ja: "{from} から {to} へは移行できません: {reason}",
    en: "Cannot move from {from} to {to}: {reason}",
  },
  UNAUTHENTICATED: { ja: "サインインが必要です。", en: "Please sign in." },
  INVALID_CREDENTIALS: {
    ja: "メールアドレスまたはパスワードが正しくありません。",
    en: "The e-mail address or password is not correct.",
  },
  TOTP_REQUIRED: {
    ja: "認証アプリの6桁の確認コードを入力してください。",
    en: "Enter the 6-digit code from your authenticator app.",
  },
  TOTP_INVALID: { ja: "確認コードが正しくありません。", en: "The verification code is not correct." },
  FORBIDDEN: { ja: "この操作を行う権限がありません。", en: "You are not allowed to do this." },
  CSRF_FAILED: {
    ja: "リクエストを確認できませんでした。ページを再読み込みしてください。",
    en: "The request could not be verified; reload the page.",
  },
  TOTP_SETUP_REQUIRED: {
    ja: "このアカウントでは二要素認証（TOTP）の設定が必要です。",
    en: "This account must set up two-factor authentication (TOTP) first.",
  },
  SESSION_REQUIRED: {
    ja: "この操作はブラウザーでサインインしたセッションでのみ行えます（APIトークンでは行えません）。",
    en: "This needs a signed-in browser session; an API token cannot do it.",
  },
  NO_ORGANISATION: {
    ja: "組織 {orgId} のメンバーではありません。",
    en: "You are not a member of organisation {orgId}.",
  },
  SETUP_TOKEN_INVALID: {
    ja: "セットアップトークンが正しくありません。サーバー起動時に表示されたトークンを入力してください。",
    en: "The setup token is not valid; use the one the server printed at start.",
  },
  SETUP_DONE: { ja: "初期設定は完了しています。", en: "Set-up has already been done." },
  WEAK_PASSWORD: { ja: "パスワードが条件を満たしていません。", en: "The password does not meet the rules." },
  TOKEN_INVALID: {
    ja: "このリンクは無効か、期限が切れています。",
    en: "This link is not valid or has expired.",
  },
  PUBLIC_URL_NOT_SET: {
    ja: "このインスタンスの公開URLが設定されていないため、リンクを作成できません（メールも送信されません）。管理者が管理画面の「公開URL」または環境変数 JCSTAR_PUBLIC_URL で設定してください。",
    en: "This instance has no public URL, so no link can be made (and no e-mail is sent). An administrator sets it under Admin → Public URL, or with JCSTAR_PUBLIC_URL.",
  },
  LOCKED_OUT: {
    ja: "ログインの失敗が続いたため、一時的にロックされています。{seconds} 秒後に再度お試しください。",
    en: "Too many failed sign-ins; this account is locked. Try again in {seconds} seconds.",
  },
  RETENTION_ACTIVE: {
    ja: "証跡 {id} は保管期限（{until}）まで削除できません。",
    en: "Evidence {id} must be kept until {until}.",
  },
  EVIDENCE_DELETED: {
    ja: "証跡 {id} は保管期限後に削除されています。",
    en: "Evidence {id} was deleted after its retention period.",
  },
  STORAGE_FULL: {
    ja: "保存領域が不足しているため保存できませんでした。何も記録されていません。",
    en: "The disk is full; nothing was recorded.",
  },
  INVALID_BUNDLE: {
    ja: "証跡バンドルを受け付けられません: {reason}",
    en: "The evidence bundle was refused: {reason}",
  },
  BUNDLE_KEY_UNTRUSTED: {
    ja: "この証跡バンドルは信頼されていない鍵（フィンガープリント {fingerprint}）で署名されているため取り込めません。発行元を確認のうえ、管理者がその鍵を信頼する鍵として登録してください。",
    en: "This evidence bundle is signed by a key this instance does not trust (fingerprint {fingerprint}). Check who made it; an administrator can add that key to the trusted keys.",
  },
  TRUSTED_KEY_INVALID: {
    ja: "信頼する鍵として登録できません: {reason}",
    en: "The key cannot be trusted: {reason}",
  },
  DEVICE_PROFILE_INVALID: {
    ja: "デバイスプロファイル {name} に誤りがあります（{count} 件）。",
    en: "Device profile {name} is not valid ({count} problems).",
  },
  DEVICE_TARGET_NOT_ALLOWED: {
    ja: "{host}（{addresses}）は管理者が許可した試験対象（{allowlist}）に含まれないため、実機テストを実行できません。何も送信していません。",
    en: "{host} ({addresses}) is not on the administrator's device-test allowlist ({allowlist}): the run was refused and nothing was sent.",
  },
  DEVICE_TARGET_PLATFORM: {
    ja: "{host}（{address} のポート {port}）はこのプラットフォーム自身の{serviceJa}です。実機テストの対象にはできません（許可リストに含まれていても同じです）。何も送信していません。",
    en: "{host} ({address} port {port}) is this platform's own {serviceEn}: it cannot be a device-test target, even when the allowlist includes it. The run was refused and nothing was sent.",
  },
  DEVICE_ALLOWLIST_EMPTY: {
    ja: "実機テストの許可リストが空のため、サーバー側の実機テストは実行できません。管理者がメニューの「試験対象の許可」で試験用ネットワーク（例: 192.168.10.0/24）を追加してください。何も送信していません。",
    en: 'The device-test allowlist is empty, so no server-side device run can be done. An administrator must add the lab networks (e.g. 192.168.10.0/24) on the "Test targets" page. Nothing was sent.',
  },
  SECURITY_TXT_EXPIRES_INVALID: {
    ja: "security.txt の有効期限（Expires）は未来の日時で、{days} 日以内にしてください。",
    en: "The security.txt Expires must be in the future and at most {days} days ahead.",
  },
  DEVICE_SECRET_MISSING: {
    ja: "プロファイルが参照するシークレット {names} が登録されていません。",
    en: "The secret(s) {names} named by the profile are not stored.",
  },
  PDF_FONT_MISSING: {
    ja: "PDF に埋め込む日本語フォントが見つかりません（fonts-noto-cjk を入れるか JCSTAR_PDF_FONT を設定してください）。探した場所: {tried}",
    en: "No Japanese font to embed in the PDF (install fonts-noto-cjk or set JCSTAR_PDF_FONT). Looked in: {tried}",
  },
  DOCUMENT_INPUTS_INCOMPLETE: {
    ja: "{document} を発行するには入力が足りません: {fields}",
    en: "{document} cannot be published yet; missing: {fields}",
  },
  SECURITY_TXT_INVALID: {
    ja: "security.txt が RFC 9116 に適合しません: {problems}",
    en: "The security.txt does not conform to RFC 9116: {problems}",
  },
  INVALID_WORKBOOK: {
    ja: "Excel ブック（.xlsx）を読み取れません: {reason}",
    en: "The Excel workbook (.xlsx) could not be read: {reason}",
  },
  CHECKLIST_IDS_MISMATCH: {
    ja: "テンプレートの適合基準IDが一致しないため、何も書き込んでいません（不足: {missing}／重複: {duplicated}）。",
    en: "Nothing was written: the template's criterion ids do not match (missing: {missing}; duplicated: {duplicated}).",
  },
  INVALID_TRANSITION: {
    ja: "申請の状態（{stateJa}）からは「{actionJa}」に進めません。手順を飛ばすことはできません。",
    en: "The application cannot {actionEn} from its state ({stateEn}); steps cannot be skipped.",
  },
  STEP_INCOMPLETE: {
    ja: "「{actionJa}」には{requirementJa}が必要です。",
    en: "To {actionEn}, give {requirementEn}.",
  },
  APPLICATION_NOT_READY: {
    ja: "申請準備が整っていません（未解決の項目 {count} 件）。申請可否の阻害要因（自己適合評価・脆弱性・申請書）を解消してください。",
    en: "The application is not ready ({count} blockers left); resolve the readiness blockers (self-assessment, vulnerabilities, application form) first.",
  },
  REGISTRY_DISABLED: {
    ja: "このインスタンスでは登録窓口（サンドボックス／独自プログラム）が有効になっていません。",
    en: "This instance does not run a registry (sandbox or private programme).",
  },
  LABEL_REVOKED: {
    ja: "ラベル {registrationNumber} は既に失効しています。",
    en: "Label {registrationNumber} is already revoked.",
  },
  EXTENSION_NOT_ALLOWED: {
    ja: "このラベルは更新できません（{statusJa}）。更新できるのは★1の有効または失効猶予中のラベルだけです。",
    en: "This label cannot be extended ({statusEn}): only a ★1 label that is valid or in its expiry grace can be.",
  },
  LABEL_PRODUCT_NOT_SUBMITTED: {
    ja: "製品 {productId} は申請されておらず、製品セキュリティ情報ページも公開されていないため、ラベルを発行できません。",
    en: "Product {productId} was neither submitted in an application nor published by its maker: no label can be issued for it.",
  },
  OPERATOR_CONFLICT_OF_INTEREST: {
    ja: "あなたはこの組織のメンバーです。自分が所属する組織の申請やラベルは、審査・発行・失効できません（利益相反）。別の審査担当者が対応してください。",
    en: "You are a member of this organisation: you cannot review, issue or revoke its applications or labels (conflict of interest). Another operator must handle them.",
  },
  VULN_DATA_REFUSED: {
    ja: "脆弱性データを取り込めません（何も保存していません）: {reason}",
    en: "The vulnerability data was refused (nothing was stored): {reason}",
  },
  SBOM_REFUSED: {
    ja: "SBOM を取り込めません（何も保存していません）: {reason}",
    en: "The SBOM was refused (nothing was stored): {reason}",
  },
  SCANNER_REPORT_REFUSED: {
    ja: "スキャナーのレポートを取り込めません（何も保存していません）: {reason}",
    en: "The scanner report was refused (nothing was stored): {reason}",
  },
  NOT_READY: {
    ja: "まだ申請できる状態ではありません（未解決の項目 {count} 件）。",
    en: "The product is not ready to apply yet ({count} open items).",
  },
  NO_SIGNOFF: {
    ja: "責任者（オーナー）による自己適合宣言の承認（サインオフ）がありません。",
    en: "No sign-off of the self-declaration by an owner yet.",
  },
  SIGNOFF_STALE: {
    ja: "自己適合評価が承認（{signedAt}）の後に変更されています。オーナーが改めて承認（サインオフ）してください。",
    en: "The self-assessment changed after its sign-off ({signedAt}): an owner must sign it off again.",
  },
  SNAPSHOT_TAMPERED: {
    ja: "承認済みスナップショット {id} のハッシュが一致しません（改変の可能性）。",
    en: "The signed snapshot {id} does not match its hash (it may have been altered).",
  },
  PACKAGE_FILE_MISMATCH: {
    ja: "証跡ファイル {path} の内容が記録されたハッシュと一致しません。証跡を検証してください。",
    en: "The evidence file {path} does not match its recorded hash; verify the evidence.",
  },
  INTERNAL: {
    ja: "内部エラーが発生しました。時間をおいて再度お試しください。",
    en: "An internal error occurred. Please try again later.",
  },
};
