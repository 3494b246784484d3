import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import { useRules } from "../api/rules.ts";
import { type AdminUser, ORG_ROLES, type OrgRole } from "../api/types.ts";
import { SelectField, TextField } from "../components/Field.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { useSession } from "../components/SessionProvider.tsx";
import { type FieldErrors, hasErrors, makeChecks, validate } from "../components/validate.ts";

const EMPTY = {
  email: "",
  name: "",
  password: "",
  instanceRole: "none" as AdminUser["instanceRole"],
  role: "editor" as OrgRole,
};

function UserRow({
  user,
  self,
  onChanged,
}: {
  user: AdminUser;
  self: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const { busy, failure, run } = useFormAction();
  const params = { path: { userId: user.id } };
  return (
    <tr>
      <td>{user.name}</td>
      <td>{user.email}</td>
      <td>{t(`instanceRoles.${user.instanceRole}`)}</td>
      <td>
        {user.memberships?.length ? (
          <ul>
            {user.memberships.map((m) => (
              <li key={m.orgId}>{t("admin.membership", { org: m.orgName, role: t(`roles.${m.role}`) })}</li>
            ))}
          </ul>
        ) : (
          t("admin.noOrganisation")
        )}
      </td>
      <td>
        <button
          type="button"
          className="small secondary"
          disabled={busy}
          onClick={() =>
            void run(() => ok(client.POST("/api/admin/users/{userId}/reset-link", { params }))).then(
              (r) => r.ok && setLink(r.value.url),
            )
          }
        >
          {t("admin.resetLink")}
        </button>
        {self ? null : confirming ? (
          <button
            type="button"
            className="small danger"
            disabled={busy}
            onClick={() =>
              void run(() => ok(client.DELETE("/api/admin/users/{userId}", { params }))).then((r) =>
                r.ok ? onChanged() : undefined,
              )
            }
          >
            {t("admin.confirmDelete", { name: user.name })}
          </button>
        ) : (
          <button type="button" className="small secondary" onClick={() => setConfirming(true)}>
            {t("admin.delete")}
          </button>
        )}
        {link ? (
          <p role="status">
            {t("admin.resetLinkShown")} <code>{link}</code>
          </p>
        ) : null}
        <FormError failure={failure} />
      </td>
    </tr>
  );
}

/** Administrators: every user of the instance; create, delete (erasure) and issue reset links. */
export function AdminUsersPage() {
  const { t } = useTranslation();
  const { isAdmin, orgId, state } = useSession();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const list = useFormAction();
  const create = useFormAction(["email", "name", "password", "instanceRole", "role"]);
  const listRun = list.run;
  const rules = useRules();
  const check = makeChecks(t, rules);

  const load = useCallback(async () => {
    const result = await listRun(() => ok(client.GET("/api/admin/users")));
    if (result.ok) setUsers(result.value);
  }, [listRun]);
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);
  if (!isAdmin) return <p className="notice">{t("errors.forbidden")}</p>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(values, {
      email: [check.required, check.email],
      name: [check.required, check.max(200)],
      password: [check.password],
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const body = {
      ...values,
      email: values.email.trim(),
      name: values.name.trim(),
      ...(orgId ? { orgId } : {}),
    };
    const result = await create.run(() => ok(client.POST("/api/admin/users", { body })));
    if (!result.ok) return;
    setValues(EMPTY);
    await load();
  }

  const set =
    <K extends keyof typeof EMPTY>(k: K) =>
    (v: (typeof EMPTY)[K]) =>
      setValues((s) => ({ ...s, [k]: v }));
  const err = (f: string) => errors[f] ?? create.failure?.fields[f];
  const selfId = state.status === "signedIn" ? state.me?.user.id : undefined;
  return (
    <section>
      <h1>{t("admin.title")}</h1>
      <FormError failure={list.failure} />
      {users ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("fields.name")}</th>
              <th scope="col">{t("fields.email")}</th>
              <th scope="col">{t("admin.instanceRole")}</th>
              <th scope="col">{t("admin.organisations")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow key={u.id} user={u} self={u.id === selfId} onChanged={load} />
            ))}
          </tbody>
        </table>
      ) : null}
      <section className="panel" aria-labelledby="create-user-heading">
        <h2 id="create-user-heading">{t("admin.create")}</h2>
        <form onSubmit={submit} noValidate className="inline-form">
          <TextField
            id="user-email"
            type="email"
            label={t("fields.email")}
            value={values.email}
            onChange={set("email")}
            error={err("email")}
            required
          />
          <TextField
            id="user-name"
            label={t("fields.name")}
            value={values.name}
            onChange={set("name")}
            error={err("name")}
            required
          />
          <TextField
            id="user-password"
            type="password"
            autoComplete="new-password"
            label={t("fields.password")}
            hint={t("fields.passwordHint")}
            value={values.password}
            onChange={set("password")}
            error={err("password")}
            required
          />
          <SelectField
            id="user-instanceRole"
            label={t("admin.instanceRole")}
            value={values.instanceRole}
            onChange={set("instanceRole")}
            error={err("instanceRole")}
            options={(["none", "operator", "admin"] as const).map((r) => ({
              value: r,
              label: t(`instanceRoles.${r}`),
            }))}
          />
          <SelectField
            id="user-role"
            label={t("admin.orgRole")}
            value={values.role}
            onChange={set("role")}
            error={err("role")}
            options={ORG_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
          <FormError failure={create.failure} />
          <button type="submit" disabled={create.busy}>
            {t("admin.createButton")}
          </button>
        </form>
      </section>
    </section>
  );
}
