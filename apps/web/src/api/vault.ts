/**
 * The evidence vault from the browser: streamed uploads with progress (XMLHttpRequest, because fetch reports no
 * upload progress), download URLs for previews, and the first bytes of text files.
 */
import {
  ApiError,
  apiErrorOf,
  apiHeaders,
  apiUrl,
  type ParametersOf,
  type PathsWith,
  pathUrl,
  reportUnauthenticated,
  type UrlParams,
} from "./client.ts";
import type { paths } from "./schema.gen.ts";
import { type Evidence, FILE_KINDS, type FileKind } from "./types.ts";

export type UploadMeta = {
  kind: FileKind;
  summary?: string;
  productId?: string;
  criteria?: string[];
};

/** The query of an upload (POST /api/evidence/files and …/revisions/file): kind, file name, product, criteria, summary. */
export function uploadQuery(file: { name: string }, meta: UploadMeta) {
  return {
    kind: meta.kind,
    fileName: file.name,
    ...(meta.productId ? { productId: meta.productId } : {}),
    ...(meta.criteria?.length ? { criterion: meta.criteria } : {}),
    ...(meta.summary?.trim() ? { summary: meta.summary.trim() } : {}),
  };
}

/** What a documented upload answers with (its 201 JSON body), as the document types it. */
export type Created<P extends PathsWith<"post">> = paths[P]["post"] extends {
  responses: { 201: { content: { "application/json": infer D } } };
}
  ? D
  : never;

/**
 * Sends a file as the raw request body to a documented upload (the server streams it to disk and hashes it on
 * the way) and reports the share sent, 0–100. Resolves with the answer as the document types it (trusted as the
 * typed client trusts it); rejects with an ApiError (413, 400 with details, …).
 */
export function sendFile<P extends PathsWith<"post">>(
  path: P,
  params: UrlParams<ParametersOf<P, "post">>,
  file: Blob,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<Created<P>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", apiUrl("post", path, params));
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(apiHeaders("POST"))) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0)
        onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.upload.onload = () => onProgress(100);
    xhr.onerror = () => reject(new ApiError(0, "NETWORK", ""));
    xhr.onabort = () => reject(new ApiError(0, "ABORTED", ""));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        try {
          const created: Created<P> = JSON.parse(xhr.responseText);
          resolve(created);
        } catch {
          reject(new ApiError(xhr.status, "BAD_RESPONSE", ""));
        }
        return;
      }
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      const error = apiErrorOf(xhr.status, data, xhr.getResponseHeader("Retry-After"));
      reportUnauthenticated(error);
      reject(error);
    };
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(file);
  });
}

export function uploadEvidenceFile(
  file: File,
  meta: UploadMeta,
  onProgress: (percent: number) => void,
): Promise<Evidence> {
  return sendFile("/api/evidence/files", { query: uploadQuery(file, meta) }, file, onProgress);
}

/** A new revision of a file evidence with a corrected file (it takes over the old revision's links). */
export function correctEvidenceFile(
  evidence: Evidence,
  file: File,
  onProgress: (percent: number) => void,
): Promise<Evidence> {
  const meta: UploadMeta = { kind: FILE_KINDS.find((kind) => kind === evidence.kind) ?? "other" };
  if (evidence.summary) meta.summary = evidence.summary;
  return sendFile(
    "/api/evidence/{evidenceId}/revisions/file",
    { path: { evidenceId: evidence.id }, query: uploadQuery(file, meta) },
    file,
    onProgress,
  );
}

export function fileUrl(evidenceId: string): string {
  return pathUrl("/api/evidence/{evidenceId}/file", { path: { evidenceId } });
}

export function bundleUrl(productId: string, criteria: readonly string[]): string {
  return pathUrl("/api/products/{productId}/evidence-bundle", {
    path: { productId },
    query: { criterion: [...criteria] },
  });
}

export const TEXT_PREVIEW_BYTES = 64 * 1024;

/** The first 64 KB of a text file, decoded as UTF-8, and whether the file is longer. */
export async function fetchTextHead(evidenceId: string): Promise<{ text: string; truncated: boolean }> {
  const response = await fetch(fileUrl(evidenceId), {
    headers: apiHeaders("GET"),
    credentials: "same-origin",
  });
  if (!response.ok || !response.body) {
    const data: unknown = await response.json().catch(() => null);
    throw apiErrorOf(response.status, data);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  while (size < TEXT_PREVIEW_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size > TEXT_PREVIEW_BYTES) truncated = true;
  else if (size === TEXT_PREVIEW_BYTES) truncated = !(await reader.read()).done;
  await reader.cancel().catch(() => undefined);
  const all = new Uint8Array(Math.min(size, TEXT_PREVIEW_BYTES));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, all.length - at);
    all.set(part, at);
    at += part.length;
    if (at >= all.length) break;
  }
  return { text: new TextDecoder("utf-8").decode(all), truncated };
}

/** A file's bytes, fetched with the session (previews that render the bytes themselves, such as PDFs). */
export async function fetchFileBytes(evidenceId: string): Promise<Uint8Array> {
  const response = await fetch(fileUrl(evidenceId), {
    headers: apiHeaders("GET"),
    credentials: "same-origin",
  });
  if (!response.ok) {
    const data: unknown = await response.json().catch(() => null);
    throw apiErrorOf(response.status, data);
  }
  return new Uint8Array(await response.arrayBuffer());
}

export type PreviewKind = "image" | "video" | "text" | "pdf" | null;

/** How a file can be previewed in the page, from the media type the server sniffed. */
export function previewKind(mediaType: string): PreviewKind {
  if (/^image\/(png|jpeg|gif|webp|bmp)$/.test(mediaType)) return "image";
  if (/^video\/(mp4|webm)$/.test(mediaType)) return "video";
  if (mediaType === "application/pdf") return "pdf";
  if (/^text\//.test(mediaType) || mediaType === "application/json" || mediaType === "application/xml")
    return "text";
  return null;
}

/**
 * The kind to propose for a file from its browser-reported type and the criterion it is uploaded on: on a
 * document criterion every file is a document (a photo of a printed policy, a PDF); elsewhere a JPEG is a photo,
 * another image a screenshot.
 */
export function guessKind(
  file: { type: string; name: string },
  method: "document" | "device" | "both" = "both",
): FileKind {
  if (method === "document") return "document";
  if (file.type === "image/jpeg" || /\.jpe?g$/i.test(file.name)) return "photo";
  if (file.type.startsWith("image/")) return "screenshot";
  if (file.type.startsWith("video/")) return "video";
  if (file.type.startsWith("text/") || /\.(log|txt)$/i.test(file.name)) return "log";
  if (file.type === "application/pdf") return "document";
  return "other";
}

/** A byte count for people: 1.2 MB, 340 KB, 12 B. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
