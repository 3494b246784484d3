import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import type { DeviceSecret } from "../api/device-tests.ts";
import { TextField } from "./Field.tsx";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

const NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Device passwords: names and times only; a value is sent once and never comes back. */
export function DeviceSecrets({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<DeviceSecret[] | null>(null);
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const list = useFormAction();
  const save = useFormAction(["value"]);
  const listRun = list.run;

  const load = useCallback(async () => {
    const result = await listRun(() => ok(client.GET("/api/device-secrets")));
    if (result.ok) setItems(result.value);
  }, [listRun]);
  useEffect(() => {
    void load();
  }, [load]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const trimmed = name.trim();
    const problem = NAME_RE.test(trimmed) ? undefined : t("deviceTests.secrets.invalidName");
    setNameError(problem);
    if (problem || !value) return;
    const result = await save.run(() =>
      ok(client.PUT("/api/device-secrets/{name}", { params: { path: { name: trimmed } }, body: { value } })),
    );
    setValue("");
    if (!result.ok) return;
    setName("");
    setNotice(t("deviceTests.secrets.saved", { name: trimmed }));
    await load();
  }

  async function remove(secret: string) {
    const result = await list.run(() =>
      ok(client.DELETE("/api/device-secrets/{name}", { params: { path: { name: secret } } })),
    );
    if (result.ok) await load();
  }

  return (
    <section className="panel" aria-labelledby="secrets-heading">
      <h2 id="secrets-heading">{t("deviceTests.secrets.title")}</h2>
      <p>{t("deviceTests.secrets.intro")}</p>
      <FormError failure={list.failure} />
      {items && items.length === 0 ? <p>{t("deviceTests.secrets.empty")}</p> : null}
      {items && items.length > 0 ? (
        <ul className="plain-list" data-testid="device-secrets">
          {items.map((s) => (
            <li key={s.name}>
              <span className="mono">{s.name}</span>
              <span className="meta">
                {" "}
                — {t("deviceTests.secrets.updated", { date: s.updatedAt.slice(0, 16) })}
              </span>
              {canEdit ? (
                <button
                  type="button"
                  className="small secondary"
                  aria-label={t("deviceTests.secrets.removeOne", { name: s.name })}
                  onClick={() => void remove(s.name)}
                >
                  {t("deviceTests.secrets.remove")}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit ? (
        <form onSubmit={submit} noValidate className="inline-form">
          <TextField
            id="secret-name"
            label={t("deviceTests.secrets.name")}
            hint={t("deviceTests.secrets.nameHint")}
            value={name}
            onChange={setName}
            error={nameError}
            required
            maxLength={64}
          />
          <TextField
            id="secret-value"
            type="password"
            autoComplete="new-password"
            label={t("deviceTests.secrets.value")}
            value={value}
            onChange={setValue}
            error={save.failure?.fields.value}
            required
            maxLength={1000}
          />
          <FormError failure={save.failure} />
          <FormSuccess message={notice} />
          <button type="submit" disabled={save.busy}>
            {t("deviceTests.secrets.save")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
