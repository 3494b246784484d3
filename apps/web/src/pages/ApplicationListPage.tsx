import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { type Application, type ApplicationInfo, yen } from "../api/applications.ts";
import { client, ok, seg } from "../api/client.ts";
import type { Product } from "../api/types.ts";
import { SelectField } from "../components/Field.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { RemindersPanel } from "../components/RemindersPanel.tsx";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";

function NewApplication({ products, info }: { products: Product[]; info: ApplicationInfo }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [productId, setProductId] = useState(products[0]?.id ?? "");
  const [channel, setChannel] = useState<"ipa" | "registry">("ipa");
  const [route, setRoute] = useState<"" | "standard" | "psti">("");
  const create = useFormAction(["productId", "channel"]);
  if (products.length === 0) return <p>{t("applications.noProducts")}</p>;
  const channels: ("ipa" | "registry")[] = info.registry.enabled ? ["ipa", "registry"] : ["ipa"];
  return (
    <form
      className="panel"
      aria-labelledby="new-application-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void create
          .run(() =>
            ok(
              client.POST("/api/applications", {
                body: { productId, channel, ...(route ? { route } : {}) },
              }),
            ),
          )
          .then((r) => {
            if (r.ok) navigate(`/applications/${seg(r.value.id)}`);
          });
      }}
    >
      <h2 id="new-application-heading">{t("applications.new")}</h2>
      <FormError failure={create.failure} />
      <SelectField
        id="application-product"
        label={t("applications.product")}
        value={productId}
        onChange={setProductId}
        options={products.map((p) => ({ value: p.id, label: p.name }))}
      />
      <SelectField
        id="application-channel"
        label={t("applications.channel")}
        value={channel}
        onChange={setChannel}
        options={channels.map((c) => ({
          value: c,
          label:
            c === "registry"
              ? `${t("applications.channels.registry")} — ${info.registry.name}`
              : t("applications.channels.ipa"),
        }))}
      />
      <SelectField
        id="application-route"
        label={t("applications.route")}
        value={route}
        onChange={setRoute}
        options={[
          {
            value: "" as const,
            label: t("applications.routeDefault", {
              route: t(
                `applications.routes.${products.find((p) => p.id === productId)?.defaultRoute ?? "standard"}`,
              ),
            }),
          },
          { value: "standard" as const, label: t("applications.routes.standard") },
          { value: "psti" as const, label: t("applications.routes.psti") },
        ]}
      />
      <button type="submit" disabled={create.busy}>
        {t("applications.create")}
      </button>
    </form>
  );
}

/** The organisation's applications with their state, fee and next deadline, and the reminders panel. */
export function ApplicationListPage() {
  const { t, i18n } = useTranslation();
  const { canEdit } = useSession();
  const load = useFormAction();
  const [data, setData] = useState<{
    apps: Application[];
    products: Product[];
    info: ApplicationInfo;
  } | null>(null);
  const run = load.run;
  useEffect(() => {
    void run(async () => {
      const [apps, products, info] = await Promise.all([
        ok(client.GET("/api/applications")),
        ok(client.GET("/api/products")),
        ok(client.GET("/api/application-info")),
      ]);
      return { apps, products, info };
    }).then((r) => {
      if (r.ok) setData(r.value);
    });
  }, [run]);
  if (!data) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  return (
    <section>
      <h1>{t("applications.title")}</h1>
      {data.apps.length === 0 ? <p>{t("applications.empty")}</p> : null}
      {data.apps.length > 0 ? (
        <table className="data-table" data-testid="applications">
          <thead>
            <tr>
              <th scope="col">{t("applications.product")}</th>
              <th scope="col">{t("applications.state")}</th>
              <th scope="col">{t("applications.applicationNumber")}</th>
              <th scope="col">{t("applications.registrationNumber")}</th>
              <th scope="col">{t("applications.fee")}</th>
              <th scope="col">{t("applications.channel")}</th>
            </tr>
          </thead>
          <tbody>
            {data.apps.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link
                    to={`/applications/${seg(a.id)}`}
                    aria-label={t("applications.open", { name: a.productName })}
                  >
                    {a.productName}
                  </Link>
                </td>
                <td>{t(`applicationStates.${a.state}`)}</td>
                <td>{a.applicationNumber ?? "—"}</td>
                <td>{a.registrationNumber ?? "—"}</td>
                <td>{a.fee ? yen(a.fee.amount, i18n.language) : "—"}</td>
                <td>{t(`applications.channels.${a.channel}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canEdit ? <NewApplication products={data.products} info={data.info} /> : null}
      <RemindersPanel />
    </section>
  );
}
