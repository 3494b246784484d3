import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evidence } from "../api/types.ts";
import { fetchTextHead, fileUrl, previewKind } from "../api/vault.ts";
import { useErrorMessage } from "./form-action.ts";
import { PdfPreview } from "./PdfPreview.tsx";

/** A text file's first 64 KB in a <pre> (rendered as text, never as markup). */
function TextPreview({ evidence, label }: { evidence: Evidence; label: string }) {
  const { t } = useTranslation();
  const messageOf = useErrorMessage();
  const [head, setHead] = useState<{ text: string; truncated: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchTextHead(evidence.id).then(
      (h) => live && setHead(h),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [evidence.id, messageOf]);
  if (error) return <p className="field-error">{error}</p>;
  if (!head) return <p className="loading">{t("common.loading")}</p>;
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling log must be reachable by keyboard */}
      <section className="text-preview" aria-label={label} tabIndex={0} data-testid="text-preview">
        <pre>{head.text}</pre>
      </section>
      {head.truncated ? <p className="hint">{t("files.truncated")}</p> : null}
    </>
  );
}

/** An image, video or text preview of an evidence file (from the download URL), or a note that there is none. */
export function EvidencePreview({ evidence }: { evidence: Evidence }) {
  const { t } = useTranslation();
  if (!evidence.file) return null;
  const name = evidence.file.originalName ?? evidence.title;
  const label = t("files.previewOf", { name });
  switch (previewKind(evidence.file.mediaType)) {
    case "image":
      return (
        <img className="image-preview" src={fileUrl(evidence.id)} alt={label} data-testid="image-preview" />
      );
    case "video":
      return (
        // biome-ignore lint/a11y/useMediaCaption: evidence videos are recordings of a device; there is no caption track
        <video
          className="video-preview"
          src={fileUrl(evidence.id)}
          controls
          preload="metadata"
          aria-label={label}
        />
      );
    case "text":
      return <TextPreview evidence={evidence} label={label} />;
    case "pdf":
      return <PdfPreview evidence={evidence} label={label} />;
    default:
      return <p className="hint">{t("files.noPreview")}</p>;
  }
}
