import { AppError } from "../errors/app-error.ts";
import { assertNoNulInDocument, assertSafeJson, MAX_DOCUMENT_DEPTH } from "../errors/input-guard.ts";
import { parseCycloneDxJson, parseCycloneDxXml } from "./parse-cyclonedx.ts";
import { parseSpdxJson } from "./parse-spdx.ts";
import { MAX_SBOM_BYTES, MAX_SBOM_COMPONENTS, type ParsedSbom } from "./sbom-component.ts";

const fail = (reason: string): never => {
  throw new AppError("SBOM_REFUSED", { reason });
};

/**
 * Reads an SBOM file: CycloneDX 1.4–1.6 (JSON or XML) or SPDX 2.3 JSON, recognised by content. Refuses, with the
 * reason, anything too large, malformed, of another format or version, or with unnamed components.
 */
export function parseSbom(bytes: Buffer, options: { maxComponents?: number } = {}): ParsedSbom {
  if (bytes.length > MAX_SBOM_BYTES) fail(`the file is larger than ${MAX_SBOM_BYTES} bytes`);
  const max = options.maxComponents ?? MAX_SBOM_COMPONENTS;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\ufeff/, "");
  } catch {
    return fail("the file is not UTF-8 text");
  }
  const start = text.trimStart()[0];
  assertNoNulInDocument(text);
  if (start === "<") return parseCycloneDxXml(text, max, fail);
  if (start !== "{") return fail("neither JSON nor XML");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fail(`bad JSON (${(error as Error).message.slice(0, 200)})`);
  }
  // Components may nest 32 deep (two JSON levels each): a wider bound than request bodies.
  assertSafeJson(doc, MAX_DOCUMENT_DEPTH);
  const d = doc as Record<string, unknown>;
  if (d.bomFormat === "CycloneDX") return parseCycloneDxJson(d, max, fail);
  if (typeof d.spdxVersion === "string") return parseSpdxJson(d, max, fail);
  return fail("not a CycloneDX or SPDX document (no bomFormat or spdxVersion)");
}
