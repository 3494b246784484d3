import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { client, ok } from "../api/client.ts";
import { TextField } from "../components/Field.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { QrCode } from "../components/QrCode.tsx";
import { RecoveryCodeList } from "../components/RecoveryCodes.tsx";
import { useSession } from "../components/SessionProvider.tsx";
import { makeChecks } from "../components/validate.ts";

/**
 * Enrols an authenticator app: a QR code of the otpauth URI (drawn in the page), the secret for typing in by
 * hand, then one code to confirm; the ten recovery codes the server answers with are shown this once.
 */
export function TotpEnrolPage() {
  const { t } = useTranslation();
  const { refresh, state } = useSession();
  const navigate = useNavigate();
  const [secret, setSecret] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [password, setPassword] = useState("");
  const [passwordError, setPasswordError] = useState<string | undefined>();
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | undefined>();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const start = useFormAction(["currentPassword"]);
  const confirm = useFormAction(["code"]);
  const required = state.status === "signedIn" && state.me?.totpSetupRequired;

  // Enrolment starts only with the current password (a stolen session alone cannot enrol a factor).
  async function begin(event: FormEvent) {
    event.preventDefault();
    const problem = makeChecks(t).required(password);
    setPasswordError(problem ?? undefined);
    if (problem) return;
    const result = await start.run(() =>
      ok(client.POST("/api/auth/totp/setup", { body: { currentPassword: password } })),
    );
    setPassword("");
    if (result.ok) setSecret(result.value);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = makeChecks(t).totp(code);
    setCodeError(problem ?? undefined);
    if (problem) return;
    const result = await confirm.run(() =>
      ok(client.POST("/api/auth/totp/enable", { body: { code: code.trim() } })),
    );
    if (result.ok) setRecoveryCodes(result.value.recoveryCodes);
  }

  async function done() {
    await refresh();
    navigate(required ? "/" : "/account", { state: { totpEnabled: true } });
  }

  if (recoveryCodes)
    return (
      <section className="narrow">
        <h1>{t("recovery.enrolledTitle")}</h1>
        <p>{t("recovery.enrolledIntro")}</p>
        <RecoveryCodeList codes={recoveryCodes} />
        <button type="button" onClick={() => void done()}>
          {t("recovery.saved")}
        </button>
      </section>
    );

  return (
    <section className="narrow">
      <h1>{t("totp.title")}</h1>
      <p>{required ? t("totp.required") : t("totp.intro")}</p>
      {secret ? null : (
        <form onSubmit={begin} noValidate>
          <p>{t("totp.confirmPassword")}</p>
          <TextField
            id="currentPassword"
            type="password"
            autoComplete="current-password"
            label={t("account.currentPassword")}
            value={password}
            onChange={setPassword}
            error={passwordError ?? start.failure?.fields.currentPassword}
            required
          />
          <FormError failure={start.failure} />
          <button type="submit" disabled={start.busy}>
            {t("totp.start")}
          </button>
        </form>
      )}
      {secret ? (
        <>
          <ol className="steps">
            <li>
              {t("totp.step1")}
              <QrCode value={secret.otpauthUri} label={t("totp.qrLabel")} />
            </li>
            <li>
              {t("totp.manual")}
              <br />
              {t("totp.secret")}: <code data-testid="totp-secret">{secret.secret}</code>
              <details>
                <summary>{t("totp.uri")}</summary>
                <code className="break" data-testid="totp-uri">
                  {secret.otpauthUri}
                </code>
              </details>
            </li>
          </ol>
          <form onSubmit={submit} noValidate>
            <TextField
              id="code"
              label={t("totp.code")}
              value={code}
              onChange={setCode}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              error={codeError ?? confirm.failure?.fields.code}
              required
            />
            <FormError failure={confirm.failure} />
            <button type="submit" disabled={confirm.busy}>
              {t("totp.submit")}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
