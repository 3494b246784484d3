import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { client, ok } from "../api/client.ts";
import { useRules } from "../api/rules.ts";
import type { ApiToken } from "../api/types.ts";
import { RadioGroup, TextField } from "../components/Field.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { RecoveryCodesPanel } from "../components/RecoveryCodes.tsx";
import { useSession } from "../components/SessionProvider.tsx";
import { type FieldErrors, hasErrors, makeChecks, validate } from "../components/validate.ts";

/** Changes the password (current password and, when on, a TOTP code); every other session and token ends. */
function ChangePassword({ totpEnabled, onChanged }: { totpEnabled: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState({ currentPassword: "", newPassword: "", totp: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState(false);
  const { busy, failure, run } = useFormAction(["currentPassword", "newPassword", "password", "totp"]);
  const rules = useRules();
  const check = makeChecks(t, rules);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const found = validate(values, {
      currentPassword: [check.required],
      newPassword: [check.password],
      ...(totpEnabled ? { totp: [check.totp] } : {}),
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const { totp, ...passwords } = values;
    const body = totpEnabled ? { ...passwords, totp: totp.trim() } : passwords;
    const result = await run(() => ok(client.POST("/api/auth/password", { body })));
    if (!result.ok) return;
    setValues({ currentPassword: "", newPassword: "", totp: "" });
    setDone(true);
    onChanged();
  }
  return (
    <section className="panel" aria-labelledby="password-heading">
      <h2 id="password-heading">{t("account.password")}</h2>
      <form onSubmit={submit} noValidate>
        <TextField
          id="currentPassword"
          type="password"
          autoComplete="current-password"
          label={t("account.currentPassword")}
          value={values.currentPassword}
          onChange={(v) => setValues((s) => ({ ...s, currentPassword: v }))}
          error={errors.currentPassword ?? failure?.fields.currentPassword}
          required
        />
        <TextField
          id="newPassword"
          type="password"
          autoComplete="new-password"
          label={t("account.newPassword")}
          hint={t("fields.passwordHint")}
          value={values.newPassword}
          onChange={(v) => setValues((s) => ({ ...s, newPassword: v }))}
          error={errors.newPassword ?? failure?.fields.newPassword ?? failure?.fields.password}
          required
        />
        {totpEnabled ? (
          <TextField
            id="totp"
            label={t("account.totpCode")}
            value={values.totp}
            onChange={(v) => setValues((s) => ({ ...s, totp: v }))}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            error={errors.totp ?? failure?.fields.totp}
            required
          />
        ) : null}
        <FormError failure={failure} />
        <FormSuccess message={done ? t("account.passwordChanged") : null} />
        <button type="submit" disabled={busy}>
          {t("account.changePassword")}
        </button>
      </form>
    </section>
  );
}

function Tokens() {
  const { t } = useTranslation();
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [values, setValues] = useState({ name: "", scope: "read" as "read" | "write", expiresInDays: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<string | null>(null);
  const list = useFormAction();
  const create = useFormAction(["name", "scope", "expiresInDays"]);
  const listRun = list.run;
  const check = makeChecks(t);

  const load = useCallback(async () => {
    const result = await listRun(() => ok(client.GET("/api/auth/tokens")));
    if (result.ok) setTokens(result.value);
  }, [listRun]);
  useEffect(() => {
    void load();
  }, [load]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const days = values.expiresInDays.trim();
    const found = validate(values, {
      name: [check.required, check.max(100)],
      expiresInDays: [(v) => (!v.trim() || /^[1-9]\d{0,3}$/.test(v.trim()) ? null : t("validation.days"))],
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const body = {
      name: values.name.trim(),
      scope: values.scope,
      ...(days ? { expiresInDays: Number(days) } : {}),
    };
    const result = await create.run(() => ok(client.POST("/api/auth/tokens", { body })));
    if (!result.ok) return;
    setCreated(result.value.token);
    setValues({ name: "", scope: "read", expiresInDays: "" });
    await load();
  }

  async function revoke(id: string) {
    const result = await list.run(() =>
      ok(client.DELETE("/api/auth/tokens/{tokenId}", { params: { path: { tokenId: id } } })),
    );
    if (result.ok) await load();
  }

  return (
    <section className="panel" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t("tokens.title")}</h2>
      <FormError failure={list.failure} />
      {tokens && tokens.length === 0 ? <p>{t("tokens.empty")}</p> : null}
      {tokens && tokens.length > 0 ? (
        <ul className="plain-list">
          {tokens.map((tok) => (
            <li key={tok.id}>
              {tok.name} — {t(`tokens.scopes.${tok.scope}`)}
              {tok.expiresAt ? (
                <span className="meta"> · {t("tokens.expires", { date: tok.expiresAt.slice(0, 10) })}</span>
              ) : null}
              <button
                type="button"
                className="small secondary"
                onClick={() => void revoke(tok.id)}
                aria-label={t("tokens.revokeOne", { name: tok.name })}
              >
                {t("tokens.revoke")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {created ? (
        <div className="token-once" role="status">
          <p>{t("tokens.shownOnce")}</p>
          <code data-testid="new-token">{created}</code>
        </div>
      ) : null}
      <form onSubmit={submit} noValidate className="inline-form">
        <h3>{t("tokens.create")}</h3>
        <TextField
          id="token-name"
          label={t("tokens.name")}
          value={values.name}
          onChange={(v) => setValues((s) => ({ ...s, name: v }))}
          error={errors.name ?? create.failure?.fields.name}
          required
        />
        <RadioGroup
          id="token-scope"
          label={t("tokens.scope")}
          value={values.scope}
          onChange={(scope) => setValues((s) => ({ ...s, scope }))}
          options={(["read", "write"] as const).map((s) => ({ value: s, label: t(`tokens.scopes.${s}`) }))}
        />
        <TextField
          id="token-days"
          label={t("tokens.expiresInDays")}
          inputMode="numeric"
          value={values.expiresInDays}
          onChange={(v) => setValues((s) => ({ ...s, expiresInDays: v }))}
          error={errors.expiresInDays ?? create.failure?.fields.expiresInDays}
        />
        <FormError failure={create.failure} />
        <button type="submit" disabled={create.busy}>
          {t("tokens.createButton")}
        </button>
      </form>
    </section>
  );
}

/** The signed-in user's own settings: password, second factor, API tokens. */
export function AccountPage() {
  const { t } = useTranslation();
  const { state } = useSession();
  // A password change revokes every API token: the token list is loaded again.
  const [generation, setGeneration] = useState(0);
  const me = state.status === "signedIn" ? state.me : null;
  if (!me) return <p>{t("account.noAccounts")}</p>;
  return (
    <section>
      <h1>{t("account.title")}</h1>
      <p>
        {me.user.name} &lt;{me.user.email}&gt;
      </p>
      <section className="panel" aria-labelledby="totp-heading">
        <h2 id="totp-heading">{t("account.totp")}</h2>
        {me.user.totpEnabled ? (
          <p>{t("account.totpOn")}</p>
        ) : (
          <p>
            <Link to="/totp">{t("account.totpSetUp")}</Link>
          </p>
        )}
      </section>
      {me.user.totpEnabled ? <RecoveryCodesPanel /> : null}
      <ChangePassword totpEnabled={me.user.totpEnabled} onChanged={() => setGeneration((g) => g + 1)} />
      <Tokens key={generation} />
    </section>
  );
}
