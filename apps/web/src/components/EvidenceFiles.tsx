import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evidence } from "../api/types.ts";
import { EvidenceFileItem } from "./EvidenceFileItem.tsx";
import { EvidenceUpload } from "./EvidenceUpload.tsx";
import { FormSuccess } from "./FormMessage.tsx";

type Props = {
  productId: string;
  criterionId: string;
  method: "document" | "device" | "both";
  evidence: Evidence[];
  canEdit: boolean;
  onChanged: () => Promise<void>;
};

/** The evidence files linked to one criterion, with their previews, and the upload that adds one. */
export function EvidenceFiles({ productId, criterionId, method, evidence, canEdit, onChanged }: Props) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const files = evidence.filter((e) => e.file);
  const prefix = `c-${criterionId}-files`;
  return (
    <section className="evidence-files" aria-labelledby={`${prefix}-title`} data-testid="evidence-files">
      <h4 id={`${prefix}-title`}>{t("upload.title")}</h4>
      {files.length === 0 ? (
        <p>{t("files.none")}</p>
      ) : (
        <ul className="file-list" aria-label={t("files.listLabel", { id: criterionId })}>
          {files.map((e) => (
            <EvidenceFileItem
              key={e.id}
              idPrefix={`${prefix}-${e.id}`}
              evidence={e}
              canEdit={canEdit}
              onChanged={(revised) => {
                setNotice(t("files.corrected", { revision: revised.revision ?? 1 }));
                void onChanged();
              }}
            />
          ))}
        </ul>
      )}
      <FormSuccess message={notice} />
      {canEdit ? (
        <EvidenceUpload
          idPrefix={prefix}
          productId={productId}
          criterionId={criterionId}
          method={method}
          onUploaded={() => {
            setNotice(null);
            void onChanged();
          }}
        />
      ) : null}
    </section>
  );
}
