import type { FormEvent } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  INTERFACES,
  type Interface,
  PRODUCT_CATEGORIES,
  type Product,
  type ProductCategory,
  ROUTES,
  type Route,
} from "../api/types.ts";
import { DateField } from "./DateField.tsx";
import { dateValue } from "./date-input.ts";
import { useDraft } from "./draft.ts";
import { CheckboxField, Group, RadioGroup, SelectField, TextField } from "./Field.tsx";
import { FormError } from "./FormMessage.tsx";
import type { Failure } from "./form-action.ts";
import { emptyToNull, type FieldErrors, hasErrors, makeChecks, validate } from "./validate.ts";

export type ProductValues = {
  name: string;
  category: ProductCategory;
  description: string;
  interfaces: Interface[];
  closedNetwork: boolean;
  iotSim: string;
  notes: string;
  supportEndDate: string;
  defaultRoute: Route;
};

export const PRODUCT_FIELDS = [
  "name",
  "category",
  "description",
  "connectivity.interfaces",
  "connectivity.closedNetwork",
  "connectivity.iotSim",
  "connectivity.notes",
  "supportEndDate",
  "defaultRoute",
] as const;

export const EMPTY_PRODUCT: ProductValues = {
  name: "",
  category: "camera",
  description: "",
  interfaces: [],
  closedNetwork: false,
  iotSim: "",
  notes: "",
  supportEndDate: "",
  defaultRoute: "standard",
};

export function productValues(p: Product): ProductValues {
  return {
    name: p.name,
    category: p.category,
    description: p.description ?? "",
    interfaces: [...p.connectivity.interfaces],
    closedNetwork: p.connectivity.closedNetwork,
    iotSim: p.connectivity.iotSim ?? "",
    notes: p.connectivity.notes ?? "",
    supportEndDate: p.supportEndDate ?? "",
    defaultRoute: p.defaultRoute,
  };
}

/** The JSON body shared by create (POST) and change (PATCH, plus `version`). */
export function productBody(v: ProductValues) {
  return {
    name: v.name.trim(),
    category: v.category,
    description: emptyToNull(v.description),
    connectivity: {
      interfaces: v.interfaces,
      closedNetwork: v.closedNetwork,
      iotSim: emptyToNull(v.iotSim),
      notes: emptyToNull(v.notes),
    },
    supportEndDate: emptyToNull(dateValue(v.supportEndDate)),
    defaultRoute: v.defaultRoute,
  };
}

/** Every product field; `onSave` gets checked values and returns true when saved (the draft is then dropped). */
export function ProductForm(props: {
  draftKey: string;
  initial: ProductValues;
  readOnly?: boolean;
  busy: boolean;
  failure: Failure | null;
  submitLabel: string;
  onSave: (values: ProductValues) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [values, setValues, clearDraft] = useDraft(props.draftKey, props.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const check = makeChecks(t);
  const disabled = props.readOnly || props.busy;
  const set =
    <K extends keyof ProductValues>(key: K) =>
    (value: ProductValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));
  const err = (field: string) => errors[field] ?? props.failure?.fields[field];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(
      {
        name: values.name,
        description: values.description,
        "connectivity.iotSim": values.iotSim,
        "connectivity.notes": values.notes,
        supportEndDate: values.supportEndDate,
      },
      {
        name: [check.required, check.max(200)],
        description: [check.max(5000)],
        "connectivity.iotSim": [check.max(200)],
        "connectivity.notes": [check.max(2000)],
        supportEndDate: [check.date],
      },
    );
    setErrors(found);
    if (hasErrors(found)) return;
    if (await props.onSave(values)) clearDraft();
  }

  const toggleInterface = (i: Interface, on: boolean) =>
    set("interfaces")(
      on
        ? [...values.interfaces, i].filter((x, n, a) => a.indexOf(x) === n)
        : values.interfaces.filter((x) => x !== i),
    );

  return (
    <form onSubmit={submit} noValidate className="product-form">
      <TextField
        id="name"
        label={t("product.name")}
        value={values.name}
        onChange={set("name")}
        error={err("name")}
        required
        disabled={disabled}
        maxLength={200}
      />
      <SelectField
        id="category"
        label={t("product.category")}
        value={values.category}
        onChange={set("category")}
        error={err("category")}
        disabled={disabled}
        options={PRODUCT_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
      />
      <TextField
        id="description"
        label={t("product.description")}
        value={values.description}
        onChange={set("description")}
        error={err("description")}
        multiline
        disabled={disabled}
      />
      <Group legend={t("product.connectivity")}>
        <fieldset
          className="checks"
          aria-describedby={err("connectivity.interfaces") ? "interfaces-error" : undefined}
        >
          <legend>{t("product.interfaces")}</legend>
          {INTERFACES.map((i) => (
            <CheckboxField
              key={i}
              id={`interface-${i}`}
              label={t(`interfaces.${i}`)}
              checked={values.interfaces.includes(i)}
              onChange={(on) => toggleInterface(i, on)}
              disabled={disabled}
            />
          ))}
          {err("connectivity.interfaces") ? (
            <p className="field-error" id="interfaces-error">
              {err("connectivity.interfaces")}
            </p>
          ) : null}
        </fieldset>
        <CheckboxField
          id="closedNetwork"
          label={t("product.closedNetwork")}
          hint={t("product.closedNetworkHint")}
          checked={values.closedNetwork}
          onChange={set("closedNetwork")}
          error={err("connectivity.closedNetwork")}
          disabled={disabled}
        />
        <TextField
          id="iotSim"
          label={t("product.iotSim")}
          hint={t("product.iotSimHint")}
          value={values.iotSim}
          onChange={set("iotSim")}
          error={err("connectivity.iotSim")}
          disabled={disabled}
        />
        <TextField
          id="connectivityNotes"
          label={t("product.notes")}
          value={values.notes}
          onChange={set("notes")}
          error={err("connectivity.notes")}
          multiline
          disabled={disabled}
        />
      </Group>
      <DateField
        id="supportEndDate"
        label={t("product.supportEndDate")}
        value={values.supportEndDate}
        onChange={set("supportEndDate")}
        error={err("supportEndDate")}
        disabled={disabled}
      />
      <RadioGroup
        id="defaultRoute"
        label={t("product.defaultRoute")}
        hint={t("product.defaultRouteHint")}
        value={values.defaultRoute}
        onChange={set("defaultRoute")}
        error={err("defaultRoute")}
        disabled={disabled}
        options={ROUTES.map((r) => ({ value: r, label: t(`routes.${r}`) }))}
      />
      <FormError failure={props.failure} />
      {props.readOnly ? null : (
        <button type="submit" disabled={props.busy}>
          {props.submitLabel}
        </button>
      )}
    </form>
  );
}
