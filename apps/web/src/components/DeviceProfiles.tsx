import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import type { DeviceProfile, ProfileProblem } from "../api/device-tests.ts";
import { pick } from "../i18n/index.ts";
import { TextField } from "./Field.tsx";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

const TEMPLATE = `name: lab unit
host: 127.0.0.1
declaredPorts: []
scan: { tcp: "1-1024", udp: false }
services:
  - id: web
    protocol: http
    port: 80
    auth: { type: basic, path: /, username: admin, passwordSecret: web-admin }
defaultCredentials: { maxPairs: 20 }
bruteForce: { maxAttempts: 10, lockoutProbeSeconds: 60 }
`;

type Editing = { id: string | null; name: string; source: string; version: number };

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

  function open(p: DeviceProfile | null) {
    setNotice(null);
    setProblems(null);
    save.setFailure(null);
    setEditing(
      p
        ? { id: p.id, name: p.name, source: p.source, version: p.version }
        : { id: null, name: "", source: TEMPLATE, version: 1 },
    );
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
        <button type="button" onClick={() => open(null)}>
          {t("deviceTests.profiles.add")}
        </button>
      ) : null}
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
          <FormError failure={check.failure ?? save.failure} />
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
