import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import { TextField } from "../components/Field.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";

/** GET/PUT /api/admin/settings: the whole settings object (a PUT sends it back whole). */
type Settings = Record<string, unknown> & {
  publicUrl: string | null;
  publicUrlInUse: { url: string | null; source: "env" | "settings" | null };
};

/** The settings without the read-only parts of the view, ready to send back. */
function writable(s: Settings): Record<string, unknown> {
  const { smtpPasswordSet: _set, publicUrlInUse: _inUse, ...rest } = s;
  return rest;
}

/** Instance admins: the public URL every link jcstar makes points to (resets, invitations, calendar, registry). */
export function AdminPublicUrlPage() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [value, setValue] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const load = useFormAction();
  const save = useFormAction(["publicUrl"]);
  const loadRun = load.run;
  useEffect(() => {
    void loadRun(() => ok(client.GET("/api/admin/settings"))).then((r) => {
      if (!r.ok) return;
      setSettings(r.value);
      setValue(r.value.publicUrl ?? window.location.origin);
    });
  }, [loadRun]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!settings) return;
    setNotice(null);
    const publicUrl = value.trim() === "" ? null : value.trim();
    const result = await save.run(() =>
      ok(client.PUT("/api/admin/settings", { body: { ...writable(settings), publicUrl } })),
    );
    if (!result.ok) return;
    setSettings(result.value);
    setValue(result.value.publicUrl ?? "");
    setNotice(t("publicUrl.saved"));
  }

  if (!settings) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  const inUse = settings.publicUrlInUse;
  return (
    <section>
      <h1>{t("publicUrl.title")}</h1>
      <p>{t("publicUrl.intro")}</p>
      {inUse.url === null ? (
        <p className="form-error" role="alert" data-testid="public-url-missing">
          {t("publicUrl.missing")}
        </p>
      ) : (
        <p className="notice" data-testid="public-url-in-use">
          {t(inUse.source === "env" ? "publicUrl.fromEnv" : "publicUrl.fromSettings", { url: inUse.url })}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <TextField
          id="publicUrl"
          label={t("publicUrl.field")}
          hint={t("publicUrl.hint")}
          value={value}
          onChange={setValue}
          error={save.failure?.fields.publicUrl}
          autoComplete="url"
        />
        <FormError failure={save.failure} />
        <FormSuccess message={notice} />
        <button type="submit" disabled={save.busy}>
          {t("publicUrl.save")}
        </button>
      </form>
    </section>
  );
}
