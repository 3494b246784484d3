import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { client, ok, type Schemas, seg } from "../api/client.ts";
import { pick } from "../i18n/index.ts";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

type Reminder = Schemas["Reminder"];

/** Upcoming dates (label expiry, end of support, evidence retention, overdue steps) and the calendar feed. */
export function RemindersPanel() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Reminder[] | null>(null);
  const [feed, setFeed] = useState<string | null>(null);
  const load = useFormAction();
  const issue = useFormAction();
  const run = load.run;
  useEffect(() => {
    void run(() => ok(client.GET("/api/reminders"))).then((r) => {
      if (r.ok) setItems(r.value);
    });
  }, [run]);
  return (
    <section className="panel" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">{t("reminders.title")}</h2>
      <FormError failure={load.failure ?? issue.failure} />
      {items && items.length === 0 ? <p>{t("reminders.empty")}</p> : null}
      {items && items.length > 0 ? (
        <ul className="plain-list" data-testid="reminders">
          {items.map((r) => (
            <li key={r.id} className={r.overdue ? "overdue" : undefined}>
              <time dateTime={r.dueOn}>{r.dueOn}</time> <strong>{t(`reminders.kinds.${r.kind}`)}</strong> —{" "}
              {r.applicationId ? (
                <Link to={`/applications/${seg(r.applicationId)}`}>{pick(r.title, i18n.language)}</Link>
              ) : (
                pick(r.title, i18n.language)
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <h3>{t("reminders.calendar")}</h3>
      <p className="hint">{t("reminders.calendarHint")}</p>
      {feed ? (
        <p>
          <code data-testid="calendar-url">{feed}</code>
        </p>
      ) : null}
      <button
        type="button"
        disabled={issue.busy}
        onClick={() =>
          void issue
            .run(() => ok(client.POST("/api/calendar/token")))
            .then((r) => {
              if (r.ok) setFeed(r.value.url);
            })
        }
      >
        {t("reminders.calendarCreate")}
      </button>
    </section>
  );
}
