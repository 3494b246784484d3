import type { Bilingual } from "../result/types.ts";

/** One step of a guided manual test. */
export interface GuideStep {
  id: string;
  /** What the tester does and what must be seen for PASS. */
  instruction: Bilingual;
  /** What to keep as evidence (a photo, a video), when any. */
  evidence?: Bilingual;
}

/** A guided manual test for one criterion. */
export interface Guide {
  criterion: string;
  title: Bilingual;
  /** Shown before the first step. */
  intro: Bilingual;
  steps: GuideStep[];
}

/**
 * Step lists for what the probes cannot see (data, shared by the CLI and the web workspace).
 * Each step is answered pass / fail / skip with an optional note and attachments.
 */
export const GUIDES: readonly Guide[] = [
  {
    criterion: "S1.1-10",
    title: { ja: "型番の表示（本体ラベル・画面）", en: "Model number on the body and in the UI" },
    intro: {
      ja: "本体と管理画面で型番を確認します。製品情報に登録した型番と 1 文字ずつ照合してください。",
      en: "Check the model number on the body and in the management UI, character by character against the product record.",
    },
    steps: [
      {
        id: "body-label",
        instruction: {
          ja: "本体（底面・背面・電池蓋の内側など）に型番のラベルや刻印がありますか。製品情報の型番と一致しますか。",
          en: "Is there a label or marking with the model number on the body (bottom, back, inside the battery cover…)? Does it match the product record?",
        },
        evidence: { ja: "ラベルが読める写真", en: "a photo where the label is readable" },
      },
      {
        id: "label-durable",
        instruction: {
          ja: "ラベルは通常の使用で剥がれたり消えたりしない方法（印刷・刻印・耐久ラベル）で付いていますか。",
          en: "Is the label durable in normal use (printed, engraved, or a durable sticker)?",
        },
      },
      {
        id: "ui-model",
        instruction: {
          ja: "管理画面・アプリ・Web UI に型番が表示されますか。本体の表示と一致しますか。",
          en: "Does the management UI, app or web UI show the model number, and does it match the body?",
        },
        evidence: { ja: "画面のスクリーンショット", en: "a screenshot of the screen" },
      },
      {
        id: "ui-version",
        instruction: {
          ja: "同じ画面でファームウェアのバージョンを確認できますか（S1.1-06 の証跡にもなります）。",
          en: "Can the firmware version be seen on the same screen (also evidence for S1.1-06)?",
        },
      },
    ],
  },
  {
    criterion: "S1.1-13",
    title: { ja: "不要な物理インターフェースの無効化", en: "Unneeded physical interfaces disabled" },
    intro: {
      ja: "ネットワークのポートは ports プローブで確認済みとして、物理的な口と無線を確認します。取扱説明書に記載のないものはすべて対象です。",
      en: "Network ports are covered by the ports probe; this checks physical connectors and radios. Everything the user manual does not name is in scope.",
    },
    steps: [
      {
        id: "usb",
        instruction: {
          ja: "USB 端子に PC をつなぎます。ストレージ・シリアル・ネットワーク・ADB などとして認識されませんか（給電のみなら PASS）。",
          en: "Connect a PC to each USB port. Does it show up as storage, serial, network, ADB or similar? (Power only: PASS.)",
        },
        evidence: {
          ja: "PC 側のデバイス一覧（lsusb・dmesg など）",
          en: "the PC's device list (lsusb, dmesg…)",
        },
      },
      {
        id: "bluetooth",
        instruction: {
          ja: "スマートフォンで Bluetooth / BLE をスキャンします。通常運用時に、説明書にない機器名やペアリング可能な状態が見えませんか。",
          en: "Scan Bluetooth / BLE with a phone. In normal operation, is no undocumented device name or pairable state visible?",
        },
        evidence: { ja: "スキャン結果の画面", en: "a screenshot of the scan" },
      },
      {
        id: "wifi-setup",
        instruction: {
          ja: "初期設定用の Wi-Fi アクセスポイント（SoftAP）は設定完了後に停止していますか。",
          en: "Is the set-up Wi-Fi access point (SoftAP) off once set-up is complete?",
        },
      },
      {
        id: "debug-ports",
        instruction: {
          ja: "筐体を開けずに触れられるデバッグ用の端子（UART・JTAG・SWD のピンやパッド、隠しボタン）はありませんか。ある場合、無効化されているか封止されていますか。",
          en: "Are there debug connectors reachable without opening the case (UART, JTAG, SWD pins or pads, hidden buttons)? If so, are they disabled or sealed?",
        },
        evidence: { ja: "該当箇所の写真", en: "a photo of the place" },
      },
      {
        id: "serial-console",
        instruction: {
          ja: "シリアル端子がある場合、接続してもログインシェルやブートローダーの操作ができないことを確認しましたか。",
          en: "If a serial connector exists: connected, it gives no login shell and no boot-loader prompt?",
        },
      },
    ],
  },
  {
    criterion: "S1.1-15",
    title: { ja: "初期化（利用者データの消去）の手順", en: "Factory reset procedure (erasing user data)" },
    intro: {
      ja: "API のない機器での初期化を手で確認します。事前に利用者パスワードを設定し、設定を変更し、利用者データ（録画・履歴など）を保存しておいてください。",
      en: "Checks the reset by hand on a device without a reset API. Beforehand, set a user password, change a setting and store some user data (recordings, history…).",
    },
    steps: [
      {
        id: "procedure-documented",
        instruction: {
          ja: "初期化の方法が取扱説明書に利用者が分かる言葉で書かれていますか。",
          en: "Is the reset procedure in the user manual, in words a user understands?",
        },
        evidence: { ja: "該当ページ", en: "the manual page" },
      },
      {
        id: "procedure-easy",
        instruction: {
          ja: "説明書どおりに初期化します。特別な道具や有償サービスなしでできましたか。",
          en: "Reset the device as the manual says. Could you do it without special tools or a paid service?",
        },
        evidence: { ja: "操作の動画", en: "a video of the procedure" },
      },
      {
        id: "credential-erased",
        instruction: {
          ja: "以前のパスワードでログインできず、既定のパスワード（admin/admin など）でもログインできませんか。",
          en: "Is the previous password refused, and does no default password (admin/admin…) get in?",
        },
      },
      {
        id: "data-erased",
        instruction: {
          ja: "初回設定をやり直した後、録画・履歴などの利用者データと、変更した設定が残っていませんか。",
          en: "After first-use set-up again, are the user data (recordings, history…) and the changed settings gone?",
        },
        evidence: { ja: "初期化後の画面", en: "a screenshot after the reset" },
      },
      {
        id: "cloud-unlinked",
        instruction: {
          ja: "クラウドやアプリとの紐付け（アカウント連携・鍵）が解除されていますか（該当しなければ skip）。",
          en: "Is the link to the cloud or app (account binding, keys) removed? (skip when not applicable)",
        },
      },
    ],
  },
  {
    criterion: "S1.1-14",
    title: { ja: "停電・ネットワーク断からの復帰", en: "Recovery from power loss and network outage" },
    intro: {
      ja: "電源を抜いて復帰したときに、認証情報・更新状態・設定が保たれていることを確認します（API があれば persistence プローブで自動化できます）。",
      en: "Checks that credentials, update state and settings survive pulling the power (the persistence probe automates this when the device has an API).",
    },
    steps: [
      {
        id: "before",
        instruction: {
          ja: "利用者パスワードでログインし、ファームウェアのバージョンと変更済みの設定値を記録します。",
          en: "Log in with the user password; note the firmware version and a changed setting.",
        },
        evidence: { ja: "停電前の画面", en: "a screenshot before the outage" },
      },
      {
        id: "power-loss",
        instruction: {
          ja: "動作中に電源を抜き、10 秒待ってから差し直します。起動は完了しましたか。",
          en: "Pull the power while running, wait 10 s, plug it back in. Did it boot completely?",
        },
      },
      {
        id: "credential-kept",
        instruction: {
          ja: "同じ利用者パスワードでログインでき、既定のパスワードではログインできませんか。",
          en: "Does the same user password log in, and no default password?",
        },
      },
      {
        id: "state-kept",
        instruction: {
          ja: "ファームウェアのバージョンと設定値は停電前と同じですか。",
          en: "Are the firmware version and the setting the same as before?",
        },
        evidence: { ja: "復帰後の画面", en: "a screenshot after the outage" },
      },
      {
        id: "network-outage",
        instruction: {
          ja: "LAN ケーブルを抜く（または Wi-Fi を止める）、1 分後に戻します。再接続し、設定は保たれましたか。",
          en: "Unplug the network (or stop the Wi-Fi) for a minute, then restore it. Did it reconnect with its settings intact?",
        },
      },
    ],
  },
];

/** The guide of a criterion (`S1.1-10`, also `s1.1-10`), or undefined. */
export function guideFor(criterion: string): Guide | undefined {
  return GUIDES.find((g) => g.criterion.toLowerCase() === criterion.trim().toLowerCase());
}
