import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Application, RegistrySettings } from "../api/applications.ts";
import { client, ok, seg } from "../api/client.ts";
import { CheckboxField, SelectField, TextField } from "../components/Field.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { OperatorRegister } from "../components/OperatorRegister.tsx";
import { Loading } from "../components/RequireSession.tsx";

function SettingsForm({ initial }: { initial: RegistrySettings }) {
  const { t } = useTranslation();
  const [s, setS] = useState(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useFormAction([
    "registryName.ja",
    "registryName.en",
    "applicationNumberFormat",
    "registrationNumberFormat",
    "publicBaseUrl",
  ]);
  return (
    <form
      className="panel"
      aria-labelledby="registry-settings-heading"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(null);
        void save
          .run(() => ok(client.PUT("/api/operator/registry-settings", { body: s })))
          .then((r) => {
            if (r.ok) {
              setS(r.value);
              setSaved(t("common.saved"));
            }
          });
      }}
    >
      <h2 id="registry-settings-heading">{t("operator.settings")}</h2>
      <FormError failure={save.failure} />
      <FormSuccess message={saved} />
      <p className="notice" data-testid="registry-explain">
        {t("operator.channelExplain", { url: s.publicBaseUrl ?? window.location.origin })}
      </p>
      <CheckboxField
        id="registry-enabled"
        label={t("operator.enabled")}
        checked={s.enabled}
        onChange={(enabled) => setS({ ...s, enabled })}
      />
      <SelectField
        id="registry-programme"
        label={t("operator.programme")}
        value={s.sandbox ? "sandbox" : "private"}
        onChange={(programme) => setS({ ...s, sandbox: programme === "sandbox" })}
        options={(["sandbox", "private"] as const).map((p) => ({
          value: p,
          label: t(`operator.programmes.${p}`),
        }))}
      />
      <TextField
        id="registry-name-ja"
        label={t("operator.nameJa")}
        value={s.registryName.ja}
        onChange={(ja) => setS({ ...s, registryName: { ...s.registryName, ja } })}
        error={save.failure?.fields["registryName.ja"]}
      />
      <TextField
        id="registry-name-en"
        label={t("operator.nameEn")}
        value={s.registryName.en}
        onChange={(en) => setS({ ...s, registryName: { ...s.registryName, en } })}
        error={save.failure?.fields["registryName.en"]}
      />
      <TextField
        id="registry-public-url"
        label={t("operator.publicBaseUrl")}
        hint={t("operator.publicBaseUrlHint")}
        value={s.publicBaseUrl ?? ""}
        onChange={(v) => setS({ ...s, publicBaseUrl: v.trim() === "" ? null : v })}
        error={save.failure?.fields.publicBaseUrl}
      />
      <TextField
        id="registry-app-format"
        label={t("operator.applicationNumberFormat")}
        hint={t("operator.formatHint")}
        value={s.applicationNumberFormat}
        onChange={(v) => setS({ ...s, applicationNumberFormat: v })}
        error={save.failure?.fields.applicationNumberFormat}
      />
      <TextField
        id="registry-reg-format"
        label={t("operator.registrationNumberFormat")}
        hint={t("operator.formatHint")}
        value={s.registrationNumberFormat}
        onChange={(v) => setS({ ...s, registrationNumberFormat: v })}
        error={save.failure?.fields.registrationNumberFormat}
      />
      <button type="submit" disabled={save.busy}>
        {t("common.save")}
      </button>
    </form>
  );
}

/** The registry side: applications submitted to this instance, and its settings. Operators only. */
export function OperatorPage() {
  const { t } = useTranslation();
  const load = useFormAction();
  const [data, setData] = useState<{
    queue: (Application & { orgName: string })[];
    settings: RegistrySettings;
  } | null>(null);
  const run = load.run;
  useEffect(() => {
    void run(async () => {
      const [queue, settings] = await Promise.all([
        ok(client.GET("/api/operator/applications")),
        ok(client.GET("/api/operator/registry-settings")),
      ]);
      return { queue, settings };
    }).then((r) => {
      if (r.ok) setData(r.value);
    });
  }, [run]);
  if (!data) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  return (
    <section>
      <h1>{t("operator.title")}</h1>
      <p>{t("operator.intro")}</p>
      <section className="panel" aria-labelledby="queue-heading">
        <h2 id="queue-heading">{t("operator.queue")}</h2>
        {data.queue.length === 0 ? <p>{t("operator.empty")}</p> : null}
        {data.queue.length > 0 ? (
          <table className="data-table" data-testid="operator-queue">
            <thead>
              <tr>
                <th scope="col">{t("applications.applicationNumber")}</th>
                <th scope="col">{t("operator.organisation")}</th>
                <th scope="col">{t("applications.product")}</th>
                <th scope="col">{t("applications.state")}</th>
                <th scope="col">{t("operator.submittedOn")}</th>
              </tr>
            </thead>
            <tbody>
              {data.queue.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/operator/applications/${seg(a.id)}`}>{a.applicationNumber ?? a.id}</Link>
                  </td>
                  <td>{a.orgName}</td>
                  <td>{a.productName}</td>
                  <td>{t(`applicationStates.${a.state}`)}</td>
                  <td>{a.submittedOn ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <OperatorRegister />
      <SettingsForm initial={data.settings} />
    </section>
  );
}
