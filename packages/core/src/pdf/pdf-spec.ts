/** A PDF described as data: metadata and a list of blocks, drawn top to bottom. */
export type PdfSpec = {
  meta: PdfMeta;
  blocks: readonly PdfBlock[];
  /** Footer page numbers: `{page}` and `{pages}` are replaced (default "{page} / {pages}"). */
  pageNumberFormat?: string;
};

export type PdfMeta = {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string;
  /** BCP 47 language of the document ("ja-JP", "en"). */
  lang: string;
  /** Fixed creation time, so that the same input gives the same PDF. */
  createdAt: Date;
};

export type PdfTableColumn = {
  header: string /** share of the text width; shares are normalised */;
  width: number;
};

export type PdfBlock =
  | { kind: "title"; text: string }
  | { kind: "heading"; text: string; level?: 1 | 2 | 3 }
  | { kind: "paragraph"; text: string; size?: number; muted?: boolean }
  | { kind: "table"; columns: readonly PdfTableColumn[]; rows: readonly (readonly string[])[]; size?: number }
  | { kind: "keyValue"; rows: readonly (readonly [string, string])[]; size?: number }
  | { kind: "spacer"; height?: number }
  | { kind: "pageBreak" };
