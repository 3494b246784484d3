import type { Db } from "@jcstar/core";
import { type InstanceKey, instancePublicUrl, type Lang, readSettings, smtpPassword } from "@jcstar/core";

/** Sends the e-mails the platform needs; null when no SMTP server is configured. */
export type Mailer = {
  sendPasswordReset: (to: string, url: string, lang: Lang) => Promise<void>;
  /** Any plain-text notice (reminders). */
  send: (to: string, subject: string, text: string) => Promise<void>;
};

const RESET_TEXT = {
  ja: {
    subject: "[jcstar] パスワード再設定のご案内",
    body: (url: string) =>
      `パスワード再設定の依頼を受け付けました。2時間以内に次のリンクから新しいパスワードを設定してください。\n\n${url}\n\nお心当たりがない場合は、このメールを破棄してください。`,
  },
  en: {
    subject: "[jcstar] Reset your password",
    body: (url: string) =>
      `We received a request to reset your password. Set a new one within 2 hours at:\n\n${url}\n\nIf you did not ask for this, ignore this e-mail.`,
  },
} as const;

/**
 * A mailer built from the instance's SMTP settings at the time of sending, or null when SMTP is not set up — or
 * while the instance has no public URL (`JCSTAR_PUBLIC_URL` or the setting): then no e-mail is sent at all, and
 * the admin settings page says why.
 */
export async function smtpMailer(deps: {
  db: Db;
  instanceKey: InstanceKey;
  publicUrl?: string | undefined;
}): Promise<Mailer | null> {
  const { smtp } = await readSettings(deps.db);
  if (!smtp || !(await instancePublicUrl(deps))) return null;
  const password = await smtpPassword(deps.db, deps.instanceKey);
  const { default: nodemailer } = await import("nodemailer");
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: password ?? "" } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async sendPasswordReset(to, url, lang) {
      const text = RESET_TEXT[lang];
      await transport.sendMail({ from: smtp.from, to, subject: text.subject, text: text.body(url) });
    },
    async send(to, subject, text) {
      await transport.sendMail({ from: smtp.from, to, subject, text });
    },
  };
}
