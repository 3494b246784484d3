import type { Readable } from "node:stream";
import type { Signer } from "../audit/checkpoints.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { ApplicationFormView } from "../forms/application-form.ts";
import type { Lang } from "../i18n/text.ts";
import type { PdfFonts } from "../pdf/font.ts";
import type { SignedSnapshot } from "../signoff/signoff.ts";
import type { BlobStore } from "../vault/blob-store.ts";

export type PackageDeps = CoreDeps & {
  blobs: BlobStore;
  dataDir: string;
  /** `JCSTAR_PDF_FONT` override; default Noto Sans CJK JP. */
  pdfFont?: string | undefined;
  /** Signs a fresh audit checkpoint for the package (else the newest one in the database is embedded). */
  signer?: Signer;
};

/** One file of the package: generated content (hashed here) or a stored file streamed with its known hash. */
export type PackageEntry =
  | { path: string; mediaType: string; content: Buffer; compress: boolean }
  | {
      path: string;
      mediaType: string;
      /** Streamed into the ZIP; the bytes are re-hashed on the way and must match `sha256`. */
      file: { sha256: string; size: number; open: () => Readable };
      compress: boolean;
    };

/** What every part builder gets: the signed snapshot, the application form, the language and fonts. */
export type PackageInput = {
  deps: PackageDeps;
  ctx: RequestContext;
  signed: SignedSnapshot;
  form: ApplicationFormView;
  lang: Lang;
  fonts: PdfFonts;
  createdAt: Date;
};

/** A part of the package (snapshot, report, forms, documents, …): a function from the input to its files. */
export type PackagePart = { id: string; build: (input: PackageInput) => Promise<PackageEntry[]> };
