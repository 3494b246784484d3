import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok, type Schemas } from "../api/client.ts";
import type { DeviceProfile, ProfileProblem } from "../api/device-tests.ts";
import { pick } from "../i18n/index.ts";
import { TextField } from "./Field.tsx";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";
import { ProfileBuilder } from "./ProfileBuilder.tsx";
import { EMPTY_FORM, formFromProfile, formToYaml, type ProfileForm } from "./profile-form.ts";

type Editing = { id: string | null; name: string; source: string; version: number; form: ProfileForm | null };
type Needed = Schemas["DeviceProfileImport"]["neededSecrets"];

/** Stored profiles of a product: list, and an editor that checks the text (problems by line and key) before saving. */
export function DeviceProfiles({
  productId,
  profiles,
  canEdit,
  onChanged,
}: {
  productId: string;
  profiles: DeviceProfile[];
  canEdit: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problems, setProblems] = useState<ProfileProblem[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const check = useFormAction();
  const save = useFormAction(["name", "source"]);
  const remove = useFormAction();
  const reading = useFormAction();
  const [secrets, setSecrets] = useState<string[]>([]);
  const [needed, setNeeded] = useState<Needed>([]);

  useEffect(() => {
    if (!editing) return;
    void ok(client.GET("/api/device-secrets")).then(
      (list) => setSecrets(list.map((x) => x.name)),
      () => setSecrets([]),
    );
  }, [editing]);

  function open(p: DeviceProfile | null) {
    setNotice(null);
    setProblems(null);
    setNeeded([]);
    save.setFailure(null);
    setEditing(
      p
        ? { id: p.id, name: p.name, source: p.source, version: p.version, form: null }
        : { id: null, name: "", source: formToYaml(EMPTY_FORM), version: 1, form: EMPTY_FORM },
    );
  }

  function changeForm(form: ProfileForm) {
    setEditing((e) => (e ? { ...e, form, source: formToYaml(form) } : e));
  }

  /** Reads a text with the profile schema on the server (the import route) and fills the form from it. */
  async function readText(source: string, base: Editing) {
    const result = await reading.run(() =>
      ok(client.POST("/api/device-profiles/import", { body: { source } })),
    );
    if (!result.ok) return false;
    const r = result.value;
    setNeeded(r.neededSecrets);
    setProblems(r.problems.length > 0 ? r.problems : null);
    setEditing({ ...base, name: base.name || r.name, source: r.source, form: formFromProfile(r.profile) });
    return r.name;
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    setNotice(null);
    const base: Editing = { id: null, name: "", source: "", version: 1, form: null };
    const name = await readText(await file.text(), base);
    if (name) setNotice(t("deviceTests.import.imported", { name }));
  }

  async function validate() {
    if (!editing) return;
    const result = await check.run(() =>
      ok(
        client.POST("/api/products/{productId}/device-profiles/validate", {
          params: { path: { productId } },
          body: { name: editing.name || "profile", source: editing.source },
        }),
      ),
    );
    if (result.ok) setProblems(result.value.problems);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    setNotice(null);
    const body = { name: editing.name.trim(), source: editing.source };
    const result = await save.run(() =>
      editing.id
        ? ok(
            client.PUT("/api/device-profiles/{profileId}", {
              params: { path: { profileId: editing.id } },
              body: { ...body, version: editing.version },
            }),
          )
        : ok(
            client.POST("/api/products/{productId}/device-profiles", {
              params: { path: { productId } },
              body,
            }),
          ),
    );
    if (!result.ok) return;
    setEditing(null);
    setProblems(null);
    setNotice(t("deviceTests.profiles.saved"));
    await onChanged();
  }

  async function del(id: string) {
    const result = await remove.run(() =>
      ok(client.DELETE("/api/device-profiles/{profileId}", { params: { path: { profileId: id } } })),
    );
    setConfirming(null);
    if (result.ok) await onChanged();
  }

  return (
    <section className="panel" aria-labelledby="profiles-heading">
      <h2 id="profiles-heading">{t("deviceTests.profiles.title")}</h2>
      <FormSuccess message={notice} />
      <FormError failure={remove.failure} />
      {profiles.length === 0 ? <p>{t("deviceTests.profiles.empty")}</p> : null}
      <ul className="plain-list" data-testid="device-profiles">
        {profiles.map((p) => (
          <li key={p.id}>
            <strong>{p.name}</strong>
            <span className="meta">
              {" "}
              —{" "}
              {p.host
                ? t("deviceTests.profiles.host", { host: p.host })
                : t("deviceTests.profiles.invalidStored")}
              {p.secrets.length > 0
                ? ` · ${t("deviceTests.profiles.secrets", { names: p.secrets.join(", ") })}`
                : ""}
            </span>
            {canEdit ? (
              <>
                <button type="button" className="small secondary" onClick={() => open(p)}>
                  {t("deviceTests.profiles.edit")}
                </button>
                {confirming === p.id ? (
                  <button type="button" className="small danger" onClick={() => void del(p.id)}>
                    {t("deviceTests.profiles.confirmRemove", { name: p.name })}
                  </button>
                ) : (
                  <button type="button" className="small secondary" onClick={() => setConfirming(p.id)}>
                    {t("deviceTests.profiles.remove")}
                  </button>
                )}
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit && !editing ? (
        <div className="button-row">
          <button type="button" onClick={() => open(null)}>
            {t("deviceTests.profiles.add")}
          </button>
          <label className="button secondary file-button">
            {t("deviceTests.import.button")}
            <input
              type="file"
              className="visually-hidden"
              accept=".yaml,.yml,.json,text/yaml,application/json"
              aria-label={t("deviceTests.import.file")}
              onChange={(e) => void importFile(e.target.files?.[0])}
            />
          </label>
        </div>
      ) : null}
      {!editing ? <FormError failure={reading.failure} /> : null}
      {editing ? (
        <form onSubmit={submit} noValidate className="profile-editor">
          <h3>
            {editing.id
              ? t("deviceTests.profiles.editing", { name: editing.name })
              : t("deviceTests.profiles.add")}
          </h3>
          <TextField
            id="profile-name"
            label={t("deviceTests.profiles.name")}
            value={editing.name}
            onChange={(v) => setEditing((e) => (e ? { ...e, name: v } : e))}
            error={save.failure?.fields.name}
            required
            maxLength={200}
          />
          {needed.length > 0 ? (
            <div className="notice" data-testid="needed-secrets">
              <p>{t("deviceTests.import.needed")}</p>
              <ul>
                {needed.map((n) => (
                  <li key={n.service}>
                    {t("deviceTests.import.neededItem", {
                      service: n.service,
                      username: n.username ?? "",
                      env: n.passwordEnv,
                      secret: n.secret,
                    })}{" "}
                    —{" "}
                    {secrets.includes(n.secret)
                      ? t("deviceTests.import.have")
                      : t("deviceTests.import.create")}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="profile-two-way">
            {editing.form ? (
              <section aria-label={t("deviceTests.builder.formSide")}>
                <h4>{t("deviceTests.builder.formSide")}</h4>
                <ProfileBuilder form={editing.form} secrets={secrets} onChange={changeForm} />
              </section>
            ) : null}
            <div className="field">
              <label htmlFor="profile-source">{t("deviceTests.profiles.source")}</label>
              <textarea
                id="profile-source"
                className="mono profile-source"
                rows={18}
                spellCheck={false}
                value={editing.source}
                aria-describedby="profile-source-hint"
                onChange={(e) => {
                  const source = e.target.value;
                  setEditing((x) => (x ? { ...x, source } : x));
                }}
              />
              <p className="hint" id="profile-source-hint">
                {t("deviceTests.profiles.sourceHint")}
              </p>
              <p className="hint" data-testid="scan-note">
                {t("deviceTests.profiles.scanNote")}
              </p>
              <button
                type="button"
                className="small secondary"
                disabled={reading.busy}
                onClick={() => void readText(editing.source, editing)}
              >
                {t("deviceTests.builder.fromYaml")}
              </button>
            </div>
          </div>
          {problems ? (
            problems.length === 0 ? (
              <p className="form-success" role="status">
                {t("deviceTests.profiles.valid")}
              </p>
            ) : (
              <div className="form-error" role="alert" data-testid="profile-problems">
                <p>{t("deviceTests.profiles.problems", { count: problems.length })}</p>
                <ul>
                  {problems.map((p) => (
                    <li key={`${p.line}:${p.column}:${p.key}:${p.message.en}`}>
                      {t("deviceTests.profiles.problem", {
                        line: p.line,
                        column: p.column,
                        key: p.key || "(document)",
                        message: pick(p.message, i18n.language),
                      })}
                    </li>
                  ))}
                </ul>
              </div>
            )
          ) : null}
          <FormError failure={check.failure ?? reading.failure ?? save.failure} />
          <div className="button-row">
            <button type="button" className="secondary" onClick={() => void validate()} disabled={check.busy}>
              {t("deviceTests.profiles.validate")}
            </button>
            <button type="submit" disabled={save.busy}>
              {t("deviceTests.profiles.save")}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(null)}>
              {t("deviceTests.profiles.cancel")}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
