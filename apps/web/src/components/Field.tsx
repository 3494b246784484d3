import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

type Common = {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  disabled?: boolean;
  /** Keeps the label for screen readers only (e.g. in a table whose column header says it). */
  hideLabel?: boolean;
};

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Help({ id, error, hint }: { id: string; error?: string | undefined; hint?: string | undefined }) {
  return (
    <>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

function LabelText({ label, required }: { label: string; required?: boolean | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      {label}
      {required ? <span className="required"> ({t("common.required")})</span> : null}
    </>
  );
}

export function TextField(
  props: Common & {
    value: string;
    onChange: (value: string) => void;
    type?: "text" | "email" | "password" | "url";
    autoComplete?: string;
    inputMode?: "numeric" | "text";
    placeholder?: string;
    multiline?: boolean;
    maxLength?: number;
  },
) {
  const { id, label, error, hint, required, disabled, value, onChange } = props;
  const shared = {
    id,
    name: id,
    value,
    disabled,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, error, hint),
    "aria-required": required || undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        <LabelText label={label} required={required} />
      </label>
      {props.multiline ? (
        <textarea
          {...shared}
          rows={4}
          maxLength={props.maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          {...shared}
          type={props.type ?? "text"}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          placeholder={props.placeholder}
          maxLength={props.maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

export function CheckboxField(props: Common & { checked: boolean; onChange: (checked: boolean) => void }) {
  const { id, label, error, hint, disabled, checked, onChange } = props;
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy(id, error, hint)}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

export function SelectField<V extends string>(
  props: Common & { value: V; onChange: (value: V) => void; options: readonly { value: V; label: string }[] },
) {
  const { id, label, error, hint, required, disabled, value, onChange, options } = props;
  return (
    <div className="field">
      <label htmlFor={id} className={props.hideLabel ? "visually-hidden" : undefined}>
        <LabelText label={label} required={required} />
      </label>
      <select
        id={id}
        name={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        onChange={(e) => onChange(e.target.value as V)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

/** Radio buttons in a fieldset whose legend names the choice. */
export function RadioGroup<V extends string>(
  props: Common & {
    value: V;
    onChange: (value: V) => void;
    options: readonly { value: V; label: string; disabled?: boolean }[];
  },
) {
  const { id, label, error, hint, disabled, value, onChange, options } = props;
  return (
    <fieldset className="field radio-group" aria-describedby={describedBy(id, error, hint)}>
      <legend>{label}</legend>
      {options.map((o) => (
        <span className="radio" key={o.value}>
          <input
            type="radio"
            id={`${id}-${o.value}`}
            name={id}
            value={o.value}
            checked={value === o.value}
            disabled={disabled || o.disabled}
            onChange={() => onChange(o.value)}
          />
          <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
        </span>
      ))}
      <Help id={id} error={error} hint={hint} />
    </fieldset>
  );
}

/** A fieldset with a legend, for grouping related fields. */
export function Group({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="group">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}
