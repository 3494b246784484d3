import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok, type Schemas } from "../api/client.ts";
import { DateField } from "../components/DateField.tsx";
import { dateValue } from "../components/date-input.ts";
import { CheckboxField, Group, TextField } from "../components/Field.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";

type Settings = Schemas["SecurityTxtSettings"];
type View = Schemas["SecurityTxtView"];
type Lang = Settings["preferredLanguages"][number];
type Draft = { contacts: string; expires: string; languages: Lang[]; policy: string };

function draftOf(settings: Settings | null): Draft {
  return {
    contacts: settings?.contacts.join("\n") ?? "",
    expires: settings?.expires.slice(0, 10) ?? "",
    languages: settings?.preferredLanguages ?? ["ja", "en"],
    policy: settings?.policy ?? "",
  };
}

/** Instance admins: the instance's own /.well-known/security.txt (RFC 9116), not served until set. */
export function AdminSecurityTxtPage() {
  const { t } = useTranslation();
  const [view, setView] = useState<View | null>(null);
  const [draft, setDraft] = useState<Draft>(draftOf(null));
  const [notice, setNotice] = useState<string | null>(null);
  const load = useFormAction();
  const save = useFormAction();
  const loadRun = load.run;
  useEffect(() => {
    void loadRun(() => ok(client.GET("/api/admin/security-txt"))).then((r) => {
      if (!r.ok) return;
      setView(r.value);
      setDraft(draftOf(r.value.settings));
    });
  }, [loadRun]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const body = {
      contacts: draft.contacts
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean),
      expires: draft.expires.trim() ? `${dateValue(draft.expires)}T00:00:00Z` : "",
      preferredLanguages: draft.languages,
      policy: draft.policy.trim() || null,
    };
    const result = await save.run(() => ok(client.PUT("/api/admin/security-txt", { body })));
    if (!result.ok) return;
    setView(result.value);
    setNotice(t("securityTxt.saved"));
  }

  const toggle = (lang: Lang, on: boolean) =>
    setDraft((d) => ({
      ...d,
      languages: (["ja", "en"] as const).filter((l) => (l === lang ? on : d.languages.includes(l))),
    }));

  if (view === null) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  return (
    <section>
      <h1>{t("securityTxt.title")}</h1>
      <p>{t("securityTxt.intro")}</p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="security-txt-contacts"
          label={t("securityTxt.contacts")}
          hint={t("securityTxt.contactsHint")}
          multiline
          required
          value={draft.contacts}
          onChange={(contacts) => setDraft((d) => ({ ...d, contacts }))}
        />
        <DateField
          id="security-txt-expires"
          label={t("securityTxt.expires")}
          hint={`${t("securityTxt.expiresHint")} ${t("common.dateHint")}`}
          value={draft.expires}
          onChange={(expires) => setDraft((d) => ({ ...d, expires }))}
        />
        <Group legend={t("securityTxt.languages")}>
          {(["ja", "en"] as const).map((lang) => (
            <CheckboxField
              key={lang}
              id={`security-txt-lang-${lang}`}
              label={lang}
              checked={draft.languages.includes(lang)}
              onChange={(on) => toggle(lang, on)}
            />
          ))}
        </Group>
        <TextField
          id="security-txt-policy"
          label={t("securityTxt.policy")}
          hint={t("securityTxt.policyHint")}
          type="url"
          value={draft.policy}
          onChange={(policy) => setDraft((d) => ({ ...d, policy }))}
        />
        <FormError failure={save.failure} />
        <FormSuccess message={notice} />
        <button type="submit" disabled={save.busy}>
          {t("securityTxt.save")}
        </button>
      </form>
      <h2>{t("securityTxt.served")}</h2>
      {view.served ? <pre className="mono">{view.served}</pre> : <p>{t("securityTxt.notServed")}</p>}
    </section>
  );
}
