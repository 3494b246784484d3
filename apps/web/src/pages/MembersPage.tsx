import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import { type Member, ORG_ROLES, type OrgRole } from "../api/types.ts";
import { SelectField, TextField } from "../components/Field.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Lockouts } from "../components/Lockouts.tsx";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";
import { type FieldErrors, hasErrors, makeChecks, validate } from "../components/validate.ts";

function MemberRow({
  member,
  self,
  onChanged,
}: {
  member: Member;
  self: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [role, setRole] = useState<OrgRole>(member.role);
  const [confirming, setConfirming] = useState(false);
  const { busy, failure, run } = useFormAction(["role"]);
  const params = { path: { userId: member.userId } };
  const roles = ORG_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
  return (
    <tr>
      <td>{member.name}</td>
      <td>{member.email}</td>
      <td>
        <SelectField
          hideLabel
          id={`role-${member.userId}`}
          label={t("members.roleOf", { name: member.name })}
          value={role}
          onChange={setRole}
          options={roles}
          disabled={busy || self}
        />
        {role !== member.role ? (
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() =>
              void run(() => ok(client.PATCH("/api/org/members/{userId}", { params, body: { role } }))).then(
                (r) => (r.ok ? onChanged() : undefined),
              )
            }
          >
            {t("common.save")}
          </button>
        ) : null}
        <FormError failure={failure} />
      </td>
      <td>
        {self ? null : confirming ? (
          <>
            <button
              type="button"
              className="small danger"
              disabled={busy}
              onClick={() =>
                void run(() => ok(client.DELETE("/api/org/members/{userId}", { params }))).then((r) =>
                  r.ok ? onChanged() : undefined,
                )
              }
            >
              {t("members.confirmRemove", { name: member.name })}
            </button>
            <button type="button" className="small secondary" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
          </>
        ) : (
          <button type="button" className="small secondary" onClick={() => setConfirming(true)}>
            {t("common.remove")}
          </button>
        )}
      </td>
    </tr>
  );
}

function Invite() {
  const { t } = useTranslation();
  const [values, setValues] = useState({ email: "", role: "editor" as OrgRole });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [url, setUrl] = useState<{ url: string; expiresAt: string } | null>(null);
  const { busy, failure, run } = useFormAction(["email", "role"]);
  const check = makeChecks(t);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate({ email: values.email }, { email: [check.required, check.email] });
    setErrors(found);
    if (hasErrors(found)) return;
    const result = await run(() =>
      ok(client.POST("/api/org/invitations", { body: { ...values, email: values.email.trim() } })),
    );
    if (result.ok) setUrl(result.value);
  }
  return (
    <section className="panel" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t("members.invite")}</h2>
      <form onSubmit={submit} noValidate className="inline-form">
        <TextField
          id="invite-email"
          type="email"
          label={t("fields.email")}
          value={values.email}
          onChange={(email) => setValues((v) => ({ ...v, email }))}
          error={errors.email ?? failure?.fields.email}
          required
        />
        <SelectField
          id="invite-role"
          label={t("members.role")}
          value={values.role}
          onChange={(role) => setValues((v) => ({ ...v, role }))}
          options={ORG_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        <FormError failure={failure} />
        <button type="submit" disabled={busy}>
          {t("members.inviteButton")}
        </button>
      </form>
      {url ? (
        <div className="token-once" role="status">
          <p>{t("members.inviteUrl", { date: url.expiresAt.slice(0, 10) })}</p>
          <code data-testid="invite-url">{url.url}</code>
        </div>
      ) : null}
    </section>
  );
}

/** Owners: the organisation's members, their roles, removal and invitations. */
export function MembersPage() {
  const { t } = useTranslation();
  const { state, isOwner } = useSession();
  const [members, setMembers] = useState<Member[] | null>(null);
  const { failure, run } = useFormAction();
  const load = useCallback(async () => {
    const result = await run(() => ok(client.GET("/api/org/members")));
    if (result.ok) setMembers(result.value);
  }, [run]);
  useEffect(() => {
    if (isOwner) void load();
  }, [load, isOwner]);
  if (!isOwner) return <p className="notice">{t("errors.forbidden")}</p>;
  const selfId = state.status === "signedIn" ? state.me?.user.id : undefined;
  return (
    <section>
      <h1>{t("members.title")}</h1>
      <FormError failure={failure} />
      {!members && !failure ? <Loading /> : null}
      {members ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("fields.name")}</th>
              <th scope="col">{t("fields.email")}</th>
              <th scope="col">{t("members.role")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <MemberRow
                key={`${m.userId}-${m.role}`}
                member={m}
                self={m.userId === selfId}
                onChanged={load}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      <Invite />
      <Lockouts />
    </section>
  );
}
