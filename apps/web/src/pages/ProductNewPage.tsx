import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { client, ok, seg } from "../api/client.ts";
import { useFormAction } from "../components/form-action.ts";
import { EMPTY_PRODUCT, PRODUCT_FIELDS, ProductForm, productBody } from "../components/ProductForm.tsx";

export function ProductNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { busy, failure, run } = useFormAction(PRODUCT_FIELDS);
  return (
    <section>
      <h1>{t("products.new")}</h1>
      <ProductForm
        draftKey="product:new"
        initial={EMPTY_PRODUCT}
        busy={busy}
        failure={failure}
        submitLabel={t("product.create")}
        onSave={async (values) => {
          const result = await run(() => ok(client.POST("/api/products", { body: productBody(values) })));
          if (!result.ok) return false;
          navigate(`/products/${seg(result.value.id)}`, { state: { created: true } });
          return true;
        }}
      />
    </section>
  );
}
