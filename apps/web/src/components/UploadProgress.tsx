import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../api/client.ts";
import type { Evidence } from "../api/types.ts";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { type Failure, useErrorMessage } from "./form-action.ts";
import { detailsToErrors } from "./validate.ts";

export type Upload = { name: string; percent: number; done: boolean } | null;

/**
 * State of one upload at a time: progress, success and a failure in the user's language (413 says the file is
 * too large; 400 lists the server's details).
 */
export function useUpload() {
  const { t } = useTranslation();
  const messageOf = useErrorMessage();
  const [upload, setUpload] = useState<Upload>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  const start = useCallback(
    async (name: string, send: (onProgress: (p: number) => void) => Promise<Evidence>) => {
      setFailure(null);
      setUpload({ name, percent: 0, done: false });
      try {
        const evidence = await send((percent) =>
          setUpload((u) => (u && !u.done ? { ...u, percent: Math.max(u.percent, percent) } : u)),
        );
        setUpload({ name, percent: 100, done: true });
        return evidence;
      } catch (error) {
        const details = isApiError(error) ? error.details : [];
        const mapped = detailsToErrors(details, []);
        const code = isApiError(error) ? error.code : "ERROR";
        const server = messageOf(error);
        const message =
          code === "PAYLOAD_TOO_LARGE"
            ? `${t("upload.tooLarge")} ${server}`
            : `${t("upload.refused")} ${server}`;
        setFailure({
          code,
          message,
          fields: {},
          other: mapped.other,
          retryAfter: null,
        });
        setUpload(null);
        return null;
      }
    },
    [messageOf, t],
  );

  return { upload, failure, start, busy: upload !== null && !upload.done };
}

/** A progress bar with its percentage as text, then the outcome. */
export function UploadStatus({
  id,
  upload,
  failure,
}: {
  id: string;
  upload: Upload;
  failure: Failure | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      {upload ? (
        <div className="upload-progress" data-testid="upload-progress">
          <label htmlFor={`${id}-progress`}>{t("upload.progress")}</label>
          <progress id={`${id}-progress`} max={100} value={upload.percent} data-percent={upload.percent}>
            {upload.percent}%
          </progress>
          {upload.done ? null : (
            <p role="status">{t("upload.uploading", { name: upload.name, percent: upload.percent })}</p>
          )}
        </div>
      ) : null}
      <FormSuccess message={upload?.done ? t("upload.uploaded", { name: upload.name }) : null} />
      <FormError failure={failure} />
    </>
  );
}
