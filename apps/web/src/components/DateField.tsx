import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { parseDateInput } from "./date-input.ts";
import { TextField } from "./Field.tsx";

/**
 * The one date input of the web app: a text field that takes 2031/03/31 or 2031-03-31 (and 2031年3月31日, full
 * width…) and says how it reads another spelling ("= 2031-03-31"), plus a calendar button that opens the
 * browser's date picker. `value` is what was typed; send `dateValue(value)`. (It does not rewrite the text
 * while the field loses focus: a click on the form's button would be lost to the re-render.)
 */
export function DateField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const { id, value, onChange, disabled } = props;
  const iso = parseDateInput(value);
  return (
    <div className="date-field">
      <TextField
        id={id}
        label={props.label}
        value={value}
        onChange={onChange}
        error={props.error}
        hint={
          iso && iso !== value.trim()
            ? t("common.dateReadAs", { date: iso })
            : (props.hint ?? t("common.dateHint"))
        }
        required={props.required}
        disabled={disabled}
        placeholder="YYYY-MM-DD"
        autoComplete="off"
        maxLength={20}
      />
      <input
        ref={picker}
        type="date"
        className="date-picker-input"
        id={`${id}-picker`}
        tabIndex={-1}
        aria-hidden="true"
        aria-label={t("common.pickDate")}
        value={iso ?? ""}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
      />
      <button
        type="button"
        className="date-picker-button"
        aria-label={t("common.pickDate")}
        disabled={disabled}
        onClick={() => {
          try {
            picker.current?.showPicker();
          } catch {
            picker.current?.focus();
          }
        }}
      >
        📅
      </button>
    </div>
  );
}
