import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok, type Schemas } from "../api/client.ts";
import { ORG_ROLES, type OrgRole } from "../api/types.ts";
import { SelectField, TextField } from "../components/Field.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { useSession } from "../components/SessionProvider.tsx";
import { type FieldErrors, hasErrors, makeChecks, validate } from "../components/validate.ts";

type Org = Schemas["AdminOrganisation"];

/** The invitation form of one organisation: an e-mail address and a role (owner first), giving a one-time link. */
function InviteToOrg({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [values, setValues] = useState({ email: "", role: "owner" as OrgRole });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [link, setLink] = useState<Schemas["OneTimeLink"] | null>(null);
  const { busy, failure, run } = useFormAction(["email", "role"]);
  const check = makeChecks(t);
  const idBase = `invite-${org.id}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate({ email: values.email }, { email: [check.required, check.email] });
    setErrors(found);
    if (hasErrors(found)) return;
    const result = await run(() =>
      ok(
        client.POST("/api/admin/organisations/{orgId}/invitations", {
          params: { path: { orgId: org.id } },
          body: { ...values, email: values.email.trim() },
        }),
      ),
    );
    if (result.ok) setLink(result.value);
  }
  return (
    <section className="panel" aria-labelledby={`${idBase}-heading`}>
      <h3 id={`${idBase}-heading`}>{t("orgAdmin.invite", { name: org.name })}</h3>
      <form onSubmit={submit} noValidate className="inline-form">
        <TextField
          id={`${idBase}-email`}
          type="email"
          label={t("orgAdmin.inviteEmail")}
          value={values.email}
          onChange={(email) => setValues((v) => ({ ...v, email }))}
          error={errors.email ?? failure?.fields.email}
          required
        />
        <SelectField
          id={`${idBase}-role`}
          label={t("orgAdmin.inviteRole")}
          value={values.role}
          onChange={(role) => setValues((v) => ({ ...v, role }))}
          options={ORG_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        <FormError failure={failure} />
        <button type="submit" disabled={busy}>
          {t("orgAdmin.inviteButton")}
        </button>
      </form>
      {link ? (
        <p role="status" data-testid="org-invite-link">
          {t("orgAdmin.inviteLink", { expires: link.expiresAt.slice(0, 16).replace("T", " ") })}{" "}
          <code>{link.url}</code>
        </p>
      ) : null}
    </section>
  );
}

function CreateOrg({ onCreated }: { onCreated: (org: Org) => Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const { busy, failure, run } = useFormAction(["name"]);
  const check = makeChecks(t);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate({ name }, { name: [check.required, check.max(200)] });
    setError(found.name);
    if (hasErrors(found)) return;
    const result = await run(() =>
      ok(client.POST("/api/admin/organisations", { body: { name: name.trim() } })),
    );
    if (!result.ok) return;
    setName("");
    await onCreated({ ...result.value, owners: 0 });
  }
  return (
    <section className="panel" aria-labelledby="create-org-heading">
      <h2 id="create-org-heading">{t("orgAdmin.create")}</h2>
      <form onSubmit={submit} noValidate className="inline-form">
        <TextField
          id="org-name"
          label={t("orgAdmin.name")}
          value={name}
          onChange={setName}
          error={error ?? failure?.fields.name}
          required
          autoComplete="organization"
        />
        <FormError failure={failure} />
        <button type="submit" disabled={busy}>
          {t("orgAdmin.createButton")}
        </button>
      </form>
    </section>
  );
}

/** Administrators: every organisation of the instance; create a maker's organisation and invite its first owner. */
export function AdminOrganisationsPage() {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const [created, setCreated] = useState<Org | null>(null);
  const list = useFormAction();
  const listRun = list.run;
  const load = useCallback(async () => {
    const result = await listRun(() => ok(client.GET("/api/admin/organisations")));
    if (result.ok) setOrgs(result.value);
  }, [listRun]);
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);
  if (!isAdmin) return <p className="notice">{t("errors.forbidden")}</p>;
  return (
    <section>
      <h1>{t("orgAdmin.title")}</h1>
      <p>{t("orgAdmin.intro")}</p>
      <FormError failure={list.failure} />
      {orgs ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("orgAdmin.name")}</th>
              <th scope="col">{t("orgAdmin.owners")}</th>
              <th scope="col">{t("orgAdmin.created")}</th>
            </tr>
          </thead>
          <tbody>
            {orgs.map((o) => (
              <tr key={o.id} data-testid="org-row">
                <td>{o.name}</td>
                <td>{o.owners > 0 ? o.owners : t("orgAdmin.noOwner")}</td>
                <td>{o.createdAt.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <CreateOrg
        onCreated={async (org) => {
          setCreated(org);
          await load();
        }}
      />
      {created ? (
        <>
          <p role="status">{t("orgAdmin.createdNotice", { name: created.name })}</p>
          <InviteToOrg key={created.id} org={created} />
        </>
      ) : null}
      {orgs
        ?.filter((o) => o.owners === 0 && o.id !== created?.id)
        .map((o) => (
          <InviteToOrg key={o.id} org={o} />
        ))}
    </section>
  );
}
