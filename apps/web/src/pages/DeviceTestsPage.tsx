import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, ok, seg } from "../api/client.ts";
import type { DeviceProfile } from "../api/device-tests.ts";
import type { Product } from "../api/types.ts";
import { DeviceProfiles } from "../components/DeviceProfiles.tsx";
import { DeviceRuns } from "../components/DeviceRuns.tsx";
import { DeviceSecrets } from "../components/DeviceSecrets.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";

/** Device tests of one product: stored profiles, write-only secrets, server-side runs and every filed run's results. */
export function DeviceTestsPage() {
  const { t } = useTranslation();
  const { productId = "" } = useParams();
  const { canEdit } = useSession();
  const [product, setProduct] = useState<Product | null>(null);
  const [profiles, setProfiles] = useState<DeviceProfile[] | null>(null);
  const load = useFormAction();
  const loadRun = load.run;

  const reload = useCallback(async () => {
    const result = await loadRun(async () => {
      const [p, list] = await Promise.all([
        ok(client.GET("/api/products/{productId}", { params: { path: { productId } } })),
        ok(client.GET("/api/products/{productId}/device-profiles", { params: { path: { productId } } })),
      ]);
      return { p, list };
    });
    if (result.ok) {
      setProduct(result.value.p);
      setProfiles(result.value.list);
    }
  }, [productId, loadRun]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!product || !profiles) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t("nav.products")}</Link> ›{" "}
        <Link to={`/products/${seg(product.id)}`}>{product.name}</Link>
      </p>
      <h1>{t("deviceTests.title", { name: product.name })}</h1>
      <p>{t("deviceTests.intro")}</p>
      {canEdit ? null : <p className="notice">{t("common.readOnly")}</p>}
      <DeviceRuns productId={product.id} profiles={profiles} canEdit={canEdit} />
      <DeviceProfiles productId={product.id} profiles={profiles} canEdit={canEdit} onChanged={reload} />
      <DeviceSecrets canEdit={canEdit} />
    </section>
  );
}
