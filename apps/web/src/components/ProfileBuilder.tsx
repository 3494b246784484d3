import { useTranslation } from "react-i18next";
import { CheckboxField, Group, SelectField, TextField } from "./Field.tsx";
import { EMPTY_SERVICE, PROTOCOLS, type ProfileForm, type ServiceRow } from "./profile-form.ts";

const AUTH_TYPES = ["", "basic", "form", "none"] as const;

function ServiceFields({
  index,
  row,
  secrets,
  onChange,
  onRemove,
}: {
  index: number;
  row: ServiceRow;
  secrets: string[];
  onChange: (row: ServiceRow) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const id = (k: string) => `pb-svc-${index}-${k}`;
  const set = (patch: Partial<ServiceRow>) => onChange({ ...row, ...patch });
  const secretOptions = [...new Set(["", ...secrets, ...(row.secret ? [row.secret] : [])])];
  return (
    <fieldset className="builder-service" data-testid={`pb-service-${index}`}>
      <legend>{t("deviceTests.builder.service", { n: index + 1 })}</legend>
      <TextField
        id={id("id")}
        label={t("deviceTests.builder.serviceId")}
        value={row.id}
        onChange={(v) => set({ id: v })}
      />
      <SelectField
        id={id("protocol")}
        label={t("deviceTests.builder.protocol")}
        value={row.protocol}
        onChange={(v) => set({ protocol: v })}
        options={PROTOCOLS.map((p) => ({ value: p, label: p }))}
      />
      <TextField
        id={id("port")}
        label={t("deviceTests.builder.port")}
        value={row.port}
        inputMode="numeric"
        onChange={(v) => set({ port: v })}
      />
      <SelectField
        id={id("auth")}
        label={t("deviceTests.builder.auth")}
        value={row.authType}
        onChange={(v) => set({ authType: v })}
        options={AUTH_TYPES.map((a) => ({ value: a, label: a || t("deviceTests.builder.authUnset") }))}
      />
      <TextField
        id={id("user")}
        label={t("deviceTests.builder.username")}
        value={row.username}
        onChange={(v) => set({ username: v })}
      />
      <SelectField
        id={id("secret")}
        label={t("deviceTests.builder.secret")}
        hint={t("deviceTests.builder.secretHint")}
        value={row.secret}
        onChange={(v) => set({ secret: v })}
        options={secretOptions.map((s) => ({
          value: s,
          label: s
            ? secrets.includes(s)
              ? s
              : t("deviceTests.builder.secretMissing", { name: s })
            : t("deviceTests.builder.noSecret"),
        }))}
      />
      <button type="button" className="small secondary" onClick={onRemove}>
        {t("deviceTests.builder.removeService")}
      </button>
    </fieldset>
  );
}

/** The form side of the profile editor: host, declared ports, services with secrets, and the device sources. */
export function ProfileBuilder({
  form,
  secrets,
  onChange,
}: {
  form: ProfileForm;
  secrets: string[];
  onChange: (form: ProfileForm) => void;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<ProfileForm>) => onChange({ ...form, ...patch });
  const text = (key: keyof ProfileForm & string, hint?: string) => (
    <TextField
      id={`pb-${key}`}
      label={t(`deviceTests.builder.${key}`)}
      hint={hint}
      value={String(form[key])}
      onChange={(v) => set({ [key]: v } as Partial<ProfileForm>)}
    />
  );
  return (
    <div className="profile-builder" data-testid="profile-builder">
      {text("name")}
      {text("host", t("deviceTests.builder.hostHint"))}
      {text("declaredPorts", t("deviceTests.builder.declaredPortsHint"))}
      {form.services.map((row, i) => (
        <ServiceFields
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their place
          key={i}
          index={i}
          row={row}
          secrets={secrets}
          onChange={(r) => set({ services: form.services.map((x, j) => (j === i ? r : x)) })}
          onRemove={() => set({ services: form.services.filter((_, j) => j !== i) })}
        />
      ))}
      <button
        type="button"
        className="small secondary"
        onClick={() =>
          set({ services: [...form.services, { ...EMPTY_SERVICE, id: `svc${form.services.length + 1}` }] })
        }
      >
        {t("deviceTests.builder.addService")}
      </button>
      <Group legend={t("deviceTests.builder.sources")}>
        {text("modelPath")}
        {text("modelJson")}
        {text("versionPath")}
        {text("versionJson")}
        {text("restartPath")}
        {text("resetPath")}
        {text("settingsPath")}
        {text("settingsJson")}
        {text("userDataPath")}
        <p className="hint">{t("deviceTests.builder.sourcesHint")}</p>
      </Group>
      <CheckboxField
        id="pb-login"
        label={t("deviceTests.builder.loginProbes")}
        checked={form.loginProbes}
        onChange={(on) => set({ loginProbes: on })}
      />
    </div>
  );
}
