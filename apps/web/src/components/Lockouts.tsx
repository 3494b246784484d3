import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok, type Schemas } from "../api/client.ts";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

type Lockout = Schemas["Lockout"];

/** Owners: recent lockouts of the organisation's accounts (brute-force protection). */
export function Lockouts() {
  const { t } = useTranslation();
  const [items, setItems] = useState<Lockout[] | null>(null);
  const { failure, run } = useFormAction();
  useEffect(() => {
    void run(() => ok(client.GET("/api/org/lockouts"))).then((r) => {
      if (r.ok) setItems(r.value);
    });
  }, [run]);
  const time = (iso: string) => iso.replace("T", " ").slice(0, 16);
  return (
    <section className="panel" aria-labelledby="lockouts-heading">
      <h2 id="lockouts-heading">{t("lockouts.title")}</h2>
      <FormError failure={failure} />
      {items && items.length === 0 ? <p>{t("lockouts.empty")}</p> : null}
      {items && items.length > 0 ? (
        <table data-testid="lockouts">
          <thead>
            <tr>
              <th scope="col">{t("lockouts.account")}</th>
              <th scope="col">{t("lockouts.at")}</th>
              <th scope="col">{t("lockouts.until")}</th>
              <th scope="col">{t("lockouts.failures")}</th>
              <th scope="col">{t("lockouts.address")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((l) => (
              <tr key={l.id}>
                <td>{l.email}</td>
                <td>{time(l.at)}</td>
                <td>{time(l.until)}</td>
                <td>{l.failures}</td>
                <td>{l.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
