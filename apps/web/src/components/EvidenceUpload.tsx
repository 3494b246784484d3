import { type DragEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Evidence, FILE_KINDS, type FileKind } from "../api/types.ts";
import { guessKind, uploadEvidenceFile } from "../api/vault.ts";
import { SelectField, TextField } from "./Field.tsx";
import { UploadStatus, useUpload } from "./UploadProgress.tsx";

type Props = {
  idPrefix: string;
  productId: string;
  criterionId: string;
  /** How the criterion is assessed: the automatic kind of a file follows it (a document criterion takes documents). */
  method: "document" | "device" | "both";
  onUploaded: (evidence: Evidence) => void;
};

type KindChoice = FileKind | "auto";

/**
 * Adds an evidence file to one criterion of a product: kind and summary first, then a file chosen with the
 * file input (keyboard) or dropped on the area; it uploads at once, with a progress bar.
 */
export function EvidenceUpload({ idPrefix, productId, criterionId, method, onUploaded }: Props) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<KindChoice>("auto");
  const [summary, setSummary] = useState("");
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { upload, failure, start, busy } = useUpload();
  const id = (f: string) => `${idPrefix}-upload-${f}`;

  async function send(file: File) {
    const chosen = kind === "auto" ? guessKind(file, method) : kind;
    const meta = { kind: chosen, summary, productId, criteria: [criterionId] };
    const evidence = await start(file.name, (onProgress) => uploadEvidenceFile(file, meta, onProgress));
    if (input.current) input.current.value = "";
    if (evidence) {
      setKind("auto");
      setSummary("");
      onUploaded(evidence);
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !busy) void send(file);
  }
  function onDragOver(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    setOver(true);
  }

  const kindOptions = [
    { value: "auto" as KindChoice, label: t("kinds.auto") },
    ...FILE_KINDS.map((k) => ({ value: k as KindChoice, label: t(`kinds.${k}`) })),
  ];
  return (
    <fieldset className="evidence-upload" aria-describedby={id("hint")}>
      <legend>{t("upload.formLabel", { id: criterionId })}</legend>
      <p className="hint" id={id("hint")}>
        {t("upload.fileHint", { id: criterionId })}
      </p>
      <div className="upload-meta">
        <SelectField
          id={id("kind")}
          label={t("upload.kind")}
          value={kind}
          onChange={setKind}
          options={kindOptions}
        />
        <TextField
          id={id("summary")}
          label={t("upload.summary")}
          hint={t("upload.summaryHint")}
          value={summary}
          onChange={setSummary}
          maxLength={5000}
        />
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop area adds drag-and-drop to the labelled file input inside it, which keyboard users use */}
      <div
        className={over ? "dropzone dropzone-over" : "dropzone"}
        data-testid="dropzone"
        onDragOver={onDragOver}
        onDragEnter={onDragOver}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p aria-hidden="true">{over ? t("upload.dropActive") : t("upload.drop")}</p>
        <div className="field">
          <label htmlFor={id("file")}>{t("upload.file")}</label>
          <input
            ref={input}
            id={id("file")}
            name={id("file")}
            type="file"
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void send(file);
            }}
          />
        </div>
      </div>
      <UploadStatus id={id("status")} upload={upload} failure={failure} />
    </fieldset>
  );
}
