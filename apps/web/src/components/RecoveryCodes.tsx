import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import { TextField } from "./Field.tsx";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";
import { type FieldErrors, hasErrors, makeChecks, validate } from "./validate.ts";

/** Recovery codes shown this once, with a text file to keep them. */
export function RecoveryCodeList({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  const file = `data:text/plain;charset=utf-8,${encodeURIComponent(`${t("recovery.fileHeader")}\n\n${codes.join("\n")}\n`)}`;
  return (
    <div className="recovery-codes">
      <p className="notice" role="status">
        {t("recovery.shownOnce")}
      </p>
      <ol data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <a href={file} download="jcstar-recovery-codes.txt">
          {t("recovery.download")}
        </a>
      </p>
    </div>
  );
}

/** The account page's panel: how many codes are left, and a new set with password + current TOTP code. */
export function RecoveryCodesPanel() {
  const { t } = useTranslation();
  const [left, setLeft] = useState<{ remaining: number; total: number } | null>(null);
  const [values, setValues] = useState({ currentPassword: "", totp: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [codes, setCodes] = useState<string[] | null>(null);
  const status = useFormAction();
  const regen = useFormAction(["currentPassword", "totp"]);
  const statusRun = status.run;
  const check = makeChecks(t);
  const load = useCallback(async () => {
    const result = await statusRun(() => ok(client.GET("/api/auth/recovery-codes")));
    if (result.ok) setLeft(result.value);
  }, [statusRun]);
  useEffect(() => {
    void load();
  }, [load]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(values, { currentPassword: [check.required], totp: [check.totp] });
    setErrors(found);
    if (hasErrors(found)) return;
    const body = { currentPassword: values.currentPassword, totp: values.totp.trim() };
    const result = await regen.run(() => ok(client.POST("/api/auth/recovery-codes", { body })));
    setValues({ currentPassword: "", totp: "" });
    if (!result.ok) return;
    setCodes(result.value.recoveryCodes);
    await load();
  }

  return (
    <section className="panel" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading">{t("recovery.title")}</h2>
      <p>{t("recovery.explain")}</p>
      {left ? (
        <p data-testid="recovery-left">{t("recovery.left", { n: left.remaining, total: left.total })}</p>
      ) : null}
      {codes ? <RecoveryCodeList codes={codes} /> : null}
      <form onSubmit={submit} noValidate>
        <p>{t("recovery.regenerateExplain")}</p>
        <TextField
          id="recovery-password"
          type="password"
          autoComplete="current-password"
          label={t("account.currentPassword")}
          value={values.currentPassword}
          onChange={(v) => setValues((s) => ({ ...s, currentPassword: v }))}
          error={errors.currentPassword ?? regen.failure?.fields.currentPassword}
          required
        />
        <TextField
          id="recovery-totp"
          label={t("account.totpCode")}
          value={values.totp}
          onChange={(v) => setValues((s) => ({ ...s, totp: v }))}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          error={errors.totp ?? regen.failure?.fields.totp}
          required
        />
        <FormError failure={regen.failure ?? status.failure} />
        <button type="submit" disabled={regen.busy}>
          {t("recovery.regenerate")}
        </button>
      </form>
    </section>
  );
}
