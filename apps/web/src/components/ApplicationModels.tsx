import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApplicationView } from "../api/applications.ts";
import { client, ok } from "../api/client.ts";
import { CheckboxField, Group } from "./Field.tsx";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

/** While a draft: which of the product's model numbers the application covers (one application, many models). */
export function ApplicationModels({
  view,
  onSaved,
}: {
  view: ApplicationView;
  onSaved: (v: ApplicationView) => void;
}) {
  const { t } = useTranslation();
  const [all, setAll] = useState<string[] | null>(null);
  const [chosen, setChosen] = useState<string[]>(view.modelNumbers);
  const save = useFormAction(["modelNumbers"]);
  useEffect(() => {
    void ok(
      client.GET("/api/products/{productId}/model-numbers", {
        params: { path: { productId: view.productId } },
      }),
    ).then((list) => setAll(list.map((m) => m.modelNumber)));
  }, [view.productId]);
  if (!all || all.length === 0) return null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save
          .run(() =>
            ok(
              client.PATCH("/api/applications/{applicationId}", {
                params: { path: { applicationId: view.id } },
                body: { version: view.version, modelNumbers: chosen },
              }),
            ),
          )
          .then((r) => {
            if (r.ok) onSaved(r.value);
          });
      }}
    >
      <FormError failure={save.failure} />
      <Group legend={t("applications.modelNumbers")}>
        {all.map((m, i) => (
          <CheckboxField
            key={m}
            id={`application-model-${i}`}
            label={m}
            checked={chosen.includes(m)}
            onChange={(on) => setChosen(on ? [...chosen, m] : chosen.filter((x) => x !== m))}
          />
        ))}
      </Group>
      <button type="submit" disabled={save.busy || chosen.length === 0}>
        {t("applications.saveModels")}
      </button>
    </form>
  );
}
