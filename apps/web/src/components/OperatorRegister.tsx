import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Application } from "../api/applications.ts";
import { client, ok, seg } from "../api/client.ts";
import { SelectField, TextField } from "./Field.tsx";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

type Row = Application & { orgName: string };

/** True when the row matches the search words (product, maker, model, application or registration number). */
export function matchesSearch(row: Row, query: string): boolean {
  const hay = [
    row.productName,
    row.orgName,
    row.applicationNumber,
    row.registrationNumber,
    ...row.modelNumbers,
  ]
    .filter((x): x is string => typeof x === "string")
    .join(" ")
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

/** Every application submitted to this registry, issued, revoked and expired ones too, with a search. */
export function OperatorRegister() {
  const { t } = useTranslation();
  const load = useFormAction();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [query, setQuery] = useState("");
  const [state, setState] = useState("any");
  const run = load.run;
  useEffect(() => {
    void run(() =>
      ok(client.GET("/api/operator/applications", { params: { query: { scope: "all" } } })),
    ).then((r) => {
      if (r.ok) setRows(r.value);
    });
  }, [run]);
  const states = [...new Set((rows ?? []).map((r) => r.state))];
  const shown = (rows ?? []).filter((r) => (state === "any" || r.state === state) && matchesSearch(r, query));
  return (
    <section className="panel" aria-labelledby="register-heading">
      <h2 id="register-heading">{t("operator.register")}</h2>
      <p>{t("operator.registerIntro")}</p>
      <FormError failure={load.failure} />
      <search className="inline-form">
        <TextField id="register-search" label={t("operator.search")} value={query} onChange={setQuery} />
        <SelectField
          id="register-state"
          label={t("applications.state")}
          value={state}
          onChange={setState}
          options={[
            { value: "any", label: t("operator.anyState") },
            ...states.map((s) => ({ value: s, label: t(`applicationStates.${s}`) })),
          ]}
        />
      </search>
      <p role="status" data-testid="register-count">
        {t("operator.registerCount", { shown: shown.length, total: rows?.length ?? 0 })}
      </p>
      <div className="table-scroll">
        <table className="data-table" data-testid="operator-register">
          <thead>
            <tr>
              <th scope="col">{t("applications.applicationNumber")}</th>
              <th scope="col">{t("applications.registrationNumber")}</th>
              <th scope="col">{t("operator.organisation")}</th>
              <th scope="col">{t("applications.product")}</th>
              <th scope="col">{t("applications.state")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/operator/applications/${seg(a.id)}`}>{a.applicationNumber ?? a.id}</Link>
                </td>
                <td>{a.registrationNumber ?? "—"}</td>
                <td>{a.orgName}</td>
                <td>
                  {a.productName}
                  {a.modelNumbers.length ? (
                    <span className="meta"> ({a.modelNumbers.join(", ")})</span>
                  ) : null}
                </td>
                <td>{t(`applicationStates.${a.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
