import type { PDFDocumentProxy } from "pdfjs-dist";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evidence } from "../api/types.ts";
import { fetchFileBytes } from "../api/vault.ts";
import { useErrorMessage } from "./form-action.ts";

type PdfDocument = PDFDocumentProxy;

/**
 * Opens a PDF with pdf.js from bytes already fetched (the download keeps its sandbox policy): the library and its
 * worker are bundled with the app and load from its own origin, so the app's CSP (script-src 'self') holds; eval is
 * off.
 */
async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  const [pdfjs, worker] = await Promise.all([
    import("pdfjs-dist"),
    import("pdfjs-dist/build/pdf.worker.min.mjs?url"),
  ]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false }).promise;
}

/** The pages of a PDF evidence file, one at a time, rendered to a canvas. */
export function PdfPreview({ evidence, label }: { evidence: Evidence; label: string }) {
  const { t } = useTranslation();
  const messageOf = useErrorMessage();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let opened: PdfDocument | null = null;
    fetchFileBytes(evidence.id)
      .then(openPdf)
      .then(
        (d) => {
          opened = d;
          if (live) setDoc(d);
          else void d.destroy();
        },
        (e: unknown) =>
          live && setError(e instanceof Error && !("code" in e) ? t("picker.pdfError") : messageOf(e)),
      );
    return () => {
      live = false;
      void opened?.destroy();
    };
  }, [evidence.id, messageOf, t]);

  useEffect(() => {
    const target = canvas.current;
    // A PDF with no pages (or a page pdf.js cannot read) is said, not left as an unhandled rejection.
    if (!doc || !target || doc.numPages < 1) return;
    doc
      .getPage(page)
      .then((p) => {
        const viewport = p.getViewport({ scale: 1.25 });
        target.width = Math.floor(viewport.width);
        target.height = Math.floor(viewport.height);
        return p.render({ canvas: target, viewport }).promise;
      })
      .catch(() => setError(t("picker.pdfError")));
  }, [doc, page, t]);

  if (error) return <p className="field-error">{error}</p>;
  if (!doc) return <p className="loading">{t("common.loading")}</p>;
  if (doc.numPages < 1) return <p className="meta">{t("picker.pdfNoPages")}</p>;
  return (
    <figure className="pdf-preview" data-testid="pdf-preview">
      <canvas ref={canvas} role="img" aria-label={label} data-testid="pdf-canvas" />
      <figcaption>
        <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          ‹
        </button>{" "}
        <span data-testid="pdf-page">{t("picker.pdfPage", { page, pages: doc.numPages })}</span>{" "}
        <button
          type="button"
          className="secondary"
          disabled={page >= doc.numPages}
          onClick={() => setPage(page + 1)}
        >
          ›
        </button>
      </figcaption>
    </figure>
  );
}
