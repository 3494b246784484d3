import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, ok } from "../api/client.ts";
import { useRules } from "../api/rules.ts";
import { TextField } from "../components/Field.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { makeChecks } from "../components/validate.ts";

/** Setting a new password from a reset link. */
export function ResetPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const { busy, failure, run } = useFormAction(["password"]);
  const rules = useRules();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = makeChecks(t, rules).password(password);
    setError(problem ?? undefined);
    if (problem) return;
    const result = await run(() =>
      ok(client.POST("/api/auth/password-reset", { body: { token, password } }), { quiet401: true }),
    );
    if (result.ok) setDone(true);
  }

  return (
    <section className="narrow">
      <h1>{t("reset.title")}</h1>
      {done ? (
        <>
          <FormSuccess message={t("reset.done")} />
          <p>
            <Link to="/signin">{t("reset.signIn")}</Link>
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <TextField
            id="password"
            type="password"
            label={t("account.newPassword")}
            hint={t("fields.passwordHint")}
            value={password}
            onChange={setPassword}
            error={error ?? failure?.fields.password}
            required
            autoComplete="new-password"
          />
          <FormError failure={failure} />
          <button type="submit" disabled={busy}>
            {t("reset.submit")}
          </button>
        </form>
      )}
    </section>
  );
}
