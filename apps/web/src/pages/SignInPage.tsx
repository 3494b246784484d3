import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import { client, ok } from "../api/client.ts";
import { TextField } from "../components/Field.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";
import { returnTarget } from "../components/session-user.ts";
import { type FieldErrors, hasErrors, makeChecks, validate } from "../components/validate.ts";

function waitText(seconds: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (seconds >= 120) return t("signin.minutes", { n: Math.ceil(seconds / 60) });
  return t("signin.seconds", { n: seconds });
}

function ForgotPassword() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const { busy, failure, run } = useFormAction(["email"]);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await run(() =>
      ok(client.POST("/api/auth/password-reset/request", { body: { email: email.trim() } }), {
        quiet401: true,
      }),
    );
    if (result.ok) setSent(true);
  }
  return (
    <details className="forgot">
      <summary>{t("signin.forgot")}</summary>
      <form onSubmit={submit} noValidate>
        <TextField
          id="reset-email"
          type="email"
          label={t("fields.email")}
          value={email}
          onChange={setEmail}
          autoComplete="email"
          required
          error={failure?.fields.email}
        />
        <FormError failure={failure} />
        <FormSuccess message={sent ? t("signin.resetSent") : null} />
        <button type="submit" disabled={busy}>
          {t("signin.sendReset")}
        </button>
      </form>
    </details>
  );
}

/** What RequireSession left in the history entry: the page of an expired session and whose it was. */
function backOf(state: unknown): { from?: string; userId?: string } {
  if (typeof state !== "object" || state === null) return {};
  const { from, userId } = state as Record<string, unknown>;
  return {
    ...(typeof from === "string" ? { from } : {}),
    ...(typeof userId === "string" ? { userId } : {}),
  };
}

/** Sign-in with e-mail and password, plus the TOTP code when the server asks for it. */
export function SignInPage() {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const back = backOf(location.state);
  const [values, setValues] = useState({ email: "", password: "", totp: "" });
  const [needTotp, setNeedTotp] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, failure, run } = useFormAction(["email", "password", "totp"]);

  if (state.status === "loading") return <Loading />;
  if (state.status === "needsSetup") return <Navigate to="/setup" replace />;
  if (state.status === "signedIn" && !busy)
    return <Navigate to={returnTarget(back, state.me?.user.id ?? null)} replace />;

  const set = (field: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const check = makeChecks(t);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(values, {
      email: [check.required, check.email],
      password: [check.required],
      ...(needTotp ? { totp: [check.totpOrRecovery] } : {}),
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const body = {
      email: values.email.trim(),
      password: values.password,
      ...(needTotp ? { totp: values.totp.trim() } : {}),
    };
    const result = await run(() => ok(client.POST("/api/auth/login", { body }), { quiet401: true }));
    if (!result.ok) {
      if (result.failure.code === "TOTP_REQUIRED" || result.failure.code === "TOTP_INVALID")
        setNeedTotp(true);
      return;
    }
    const next = await refresh();
    if (next.status === "signedIn" && next.me?.totpSetupRequired) navigate("/totp", { replace: true });
    else
      navigate(returnTarget(back, next.status === "signedIn" ? (next.me?.user.id ?? null) : null), {
        replace: true,
      });
  }

  const code = failure?.code;
  const locked = code === "LOCKED_OUT";
  const message = locked
    ? failure?.retryAfter
      ? t("signin.lockedOutWait", { wait: waitText(failure.retryAfter, t) })
      : failure?.message || t("signin.lockedOut")
    : code === "TOTP_REQUIRED"
      ? t("signin.totpRequired")
      : null;

  return (
    <section className="narrow">
      <h1>{t("signin.title")}</h1>
      {back.from ? <p className="notice">{t("signin.sessionEnded")}</p> : null}
      <form onSubmit={submit} noValidate>
        <TextField
          id="email"
          type="email"
          label={t("fields.email")}
          value={values.email}
          onChange={set("email")}
          error={errors.email ?? failure?.fields.email}
          required
          autoComplete="username"
        />
        <TextField
          id="password"
          type="password"
          label={t("fields.password")}
          value={values.password}
          onChange={set("password")}
          error={errors.password ?? failure?.fields.password}
          required
          autoComplete="current-password"
        />
        {needTotp ? (
          <TextField
            id="totp"
            label={t("signin.totp")}
            hint={t("signin.totpHint")}
            value={values.totp}
            onChange={set("totp")}
            error={errors.totp ?? failure?.fields.totp}
            autoComplete="one-time-code"
            maxLength={20}
            required
          />
        ) : null}
        <FormError failure={failure} message={message} />
        <button type="submit" disabled={busy}>
          {t("signin.submit")}
        </button>
      </form>
      <ForgotPassword />
    </section>
  );
}
