import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { client, ok } from "../api/client.ts";
import { useRules } from "../api/rules.ts";
import type { paths } from "../api/schema.gen.ts";
import { TextField } from "../components/Field.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { useSession } from "../components/SessionProvider.tsx";
import { type FieldErrors, hasErrors, makeChecks, validate } from "../components/validate.ts";

type Invitation = paths["/api/invitations/{token}"]["get"]["responses"][200]["content"]["application/json"];

/**
 * Accepting an invitation: shows what it is for; a new person chooses a name and password, someone
 * already signed in as the invited address only joins the organisation.
 */
export function InvitePage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const { refresh, state } = useSession();
  const navigate = useNavigate();
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [values, setValues] = useState({ name: "", password: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const load = useFormAction();
  const accept = useFormAction(["name", "password"]);
  const loadRun = load.run;
  const rules = useRules();
  const check = makeChecks(t, rules);
  const signedInAs = state.status === "signedIn" ? state.me?.user.email : undefined;
  const existing = !!invitation?.email && signedInAs === invitation.email;

  useEffect(() => {
    void loadRun(() =>
      ok(client.GET("/api/invitations/{token}", { params: { path: { token } } }), { quiet401: true }),
    ).then((r) => {
      if (r.ok) setInvitation(r.value);
    });
  }, [token, loadRun]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!existing) {
      const found = validate(values, { name: [check.required, check.max(200)], password: [check.password] });
      setErrors(found);
      if (hasErrors(found)) return;
    }
    const body = existing ? { token } : { token, name: values.name.trim(), password: values.password };
    const result = await accept.run(() =>
      ok(client.POST("/api/invitations/accept", { body }), { quiet401: true }),
    );
    if (!result.ok) return;
    await refresh();
    navigate("/");
  }

  const set = (field: "name" | "password") => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  return (
    <section className="narrow">
      <h1>{t("invite.title")}</h1>
      <FormError failure={load.failure} />
      {invitation ? (
        <>
          <p>
            {t("invite.intro", {
              org: invitation.orgName ?? "",
              role: invitation.role ? t(`roles.${invitation.role}`) : "",
            })}
          </p>
          {invitation.email ? <p>{t("invite.email", { email: invitation.email })}</p> : null}
          {accept.failure?.code === "UNAUTHENTICATED" ? (
            <p className="notice">
              {t("invite.signInFirst")}{" "}
              <Link to="/signin" state={{ from: `/invite/${token}` }}>
                {t("signin.title")}
              </Link>
            </p>
          ) : null}
          <form onSubmit={submit} noValidate>
            {existing ? (
              <p>{t("invite.existing")}</p>
            ) : (
              <>
                <TextField
                  id="name"
                  label={t("fields.name")}
                  value={values.name}
                  onChange={set("name")}
                  error={errors.name ?? accept.failure?.fields.name}
                  required
                  autoComplete="name"
                />
                <TextField
                  id="password"
                  type="password"
                  label={t("fields.password")}
                  hint={t("fields.passwordHint")}
                  value={values.password}
                  onChange={set("password")}
                  error={errors.password ?? accept.failure?.fields.password}
                  required
                  autoComplete="new-password"
                />
              </>
            )}
            {accept.failure?.code === "UNAUTHENTICATED" ? null : <FormError failure={accept.failure} />}
            <button type="submit" disabled={accept.busy}>
              {existing ? t("invite.join") : t("invite.submit")}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
