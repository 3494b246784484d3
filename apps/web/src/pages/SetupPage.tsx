import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate } from "react-router";
import { client, ok } from "../api/client.ts";
import { useRules } from "../api/rules.ts";
import { TextField } from "../components/Field.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";
import { type FieldErrors, hasErrors, makeChecks, validate } from "../components/validate.ts";

const FIELDS = ["token", "organisationName", "name", "email", "password", "publicUrl"] as const;

/** First run: the one-time setup token creates the first administrator and organisation. */
export function SetupPage() {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState({
    token: "",
    organisationName: "",
    name: "",
    email: "",
    password: "",
    // Where links will point: this page's own origin, for the admin to confirm or correct.
    publicUrl: window.location.origin,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, failure, run } = useFormAction(FIELDS);
  const rules = useRules();
  if (state.status === "loading") return <Loading />;
  if (state.status !== "needsSetup") return <Navigate to="/" replace />;

  const set = (field: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const check = makeChecks(t, rules);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(values, {
      token: [check.required],
      organisationName: [check.required, check.max(200)],
      name: [check.required, check.max(200)],
      email: [check.required, check.email],
      password: [check.password],
      publicUrl: [check.required, check.max(200)],
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const result = await run(() =>
      ok(
        client.POST("/api/setup", {
          body: { ...values, email: values.email.trim(), publicUrl: values.publicUrl.trim() },
        }),
        { quiet401: true },
      ),
    );
    if (!result.ok) return;
    const next = await refresh();
    navigate(next.status === "signedIn" && next.me?.totpSetupRequired ? "/totp" : "/");
  }

  const err = (f: string) => errors[f] ?? failure?.fields[f];
  return (
    <section className="narrow">
      <h1>{t("setup.title")}</h1>
      <p>{t("setup.intro")}</p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="token"
          label={t("setup.token")}
          hint={t("setup.tokenHint")}
          value={values.token}
          onChange={set("token")}
          error={err("token")}
          required
          autoComplete="off"
        />
        <TextField
          id="organisationName"
          label={t("setup.organisationName")}
          hint={t("setup.organisationNameHint")}
          value={values.organisationName}
          onChange={set("organisationName")}
          error={err("organisationName")}
          required
          autoComplete="organization"
        />
        <TextField
          id="name"
          label={t("fields.name")}
          value={values.name}
          onChange={set("name")}
          error={err("name")}
          required
          autoComplete="name"
        />
        <TextField
          id="email"
          type="email"
          label={t("fields.email")}
          value={values.email}
          onChange={set("email")}
          error={err("email")}
          required
          autoComplete="email"
        />
        <TextField
          id="password"
          type="password"
          label={t("fields.password")}
          hint={t("fields.passwordHint")}
          value={values.password}
          onChange={set("password")}
          error={err("password")}
          required
          autoComplete="new-password"
        />
        <TextField
          id="publicUrl"
          type="url"
          label={t("setup.publicUrl")}
          hint={t("setup.publicUrlHint")}
          value={values.publicUrl}
          onChange={set("publicUrl")}
          error={err("publicUrl")}
          required
          autoComplete="url"
        />
        <FormError failure={failure} />
        <button type="submit" disabled={busy}>
          {t("setup.submit")}
        </button>
      </form>
    </section>
  );
}
