import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";

/** Instance admins: which hosts and networks server-side device tests may target. */
export function AdminAllowlistPage() {
  const { t } = useTranslation();
  const [text, setText] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useFormAction();
  const save = useFormAction();
  const loadRun = load.run;
  useEffect(() => {
    void loadRun(() => ok(client.GET("/api/admin/device-test-allowlist"))).then((r) => {
      if (r.ok) setText(r.value.allowlist.join("\n"));
    });
  }, [loadRun]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const allowlist = (text ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const result = await save.run(() =>
      ok(client.PUT("/api/admin/device-test-allowlist", { body: { allowlist } })),
    );
    if (!result.ok) return;
    setText(result.value.allowlist.join("\n"));
    setNotice(t("allowlist.saved"));
  }

  if (text === null) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  return (
    <section>
      <h1>{t("allowlist.title")}</h1>
      <p>{t("allowlist.intro")}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="allowlist-entries">{t("allowlist.entries")}</label>
          <textarea
            id="allowlist-entries"
            className="mono"
            rows={8}
            spellCheck={false}
            value={text}
            aria-describedby="allowlist-entries-hint"
            onChange={(e) => setText(e.target.value)}
          />
          <p className="hint" id="allowlist-entries-hint">
            {t("allowlist.entriesHint")}
          </p>
        </div>
        <FormError failure={save.failure} />
        <FormSuccess message={notice} />
        <button type="submit" disabled={save.busy}>
          {t("allowlist.save")}
        </button>
      </form>
    </section>
  );
}
