import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../api/client.ts";
import { detailsToErrors, type FieldErrors } from "./validate.ts";

export type Failure = {
  code: string;
  message: string;
  fields: FieldErrors;
  other: string[];
  retryAfter: number | null;
};

/** A user-facing message for anything an API call threw. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown): string => {
      if (!isApiError(error)) return t("errors.generic");
      if (error.code === "NETWORK") return t("errors.network");
      if (error.code === "FORBIDDEN") return error.message || t("errors.forbidden");
      return error.message || t("errors.generic");
    },
    [t],
  );
}

/**
 * Runs an API call for a form: tracks `busy`, turns an ApiError into a message plus per-field
 * messages from `details[]` (matched against `fields`), and returns the result or undefined.
 */
export function useFormAction(fields: readonly string[] = []) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const messageOf = useErrorMessage();
  const fieldKey = fields.join("|");

  const run = useCallback(
    async <T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> => {
      setBusy(true);
      setFailure(null);
      try {
        const value = await fn();
        return { ok: true, value };
      } catch (error) {
        const details = isApiError(error) ? error.details : [];
        const mapped = detailsToErrors(details, fieldKey ? fieldKey.split("|") : []);
        const failure: Failure = {
          code: isApiError(error) ? error.code : "ERROR",
          message: messageOf(error),
          fields: mapped.fields,
          other: mapped.other,
          retryAfter: isApiError(error) ? error.retryAfter : null,
        };
        setFailure(failure);
        return { ok: false, failure };
      } finally {
        setBusy(false);
      }
    },
    [fieldKey, messageOf],
  );

  return { busy, failure, setFailure, run };
}
