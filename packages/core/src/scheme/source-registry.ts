import { z } from "zod";
import { type I18nText, i18nTextSchema } from "../i18n/text.ts";
import { needsUnverifiedMark, type SourceRef, sourceRefSchema } from "./source-ref.ts";

/** A key naming a source in a registry (`ipa-application-page`). */
export const sourceKeySchema = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "a source key like ipa-guidance");

/** The list of source keys one fact names: at least one. */
export const sourceKeysSchema = z.array(sourceKeySchema).min(1);

/** A registry of sources, keyed: a data file's facts name their sources by key. */
export const sourceRegistrySchema = z.record(sourceKeySchema, sourceRefSchema);
export type SourceRegistry = z.infer<typeof sourceRegistrySchema>;

/** Thrown while loading a scheme data file whose sources are missing or unknown: names the file and key. */
export class SchemeDataError extends Error {
  constructor(file: string, problems: string[]) {
    super(`invalid scheme data in ${file}:\n  ${problems.join("\n  ")}`);
    this.name = "SchemeDataError";
  }
}

/** Every source key named under `path` that the registry lacks, as load problems. */
export function unknownSourceKeys(registry: SourceRegistry, keys: readonly string[], path: string): string[] {
  return keys.filter((k) => !(k in registry)).map((k) => `${path}: unknown source "${k}"`);
}

/** The sources behind a list of keys (keys were checked at load). */
export function resolveSources(registry: SourceRegistry, keys: readonly string[]): SourceRef[] {
  return keys.map((k) => {
    const found = registry[k];
    if (!found) throw new Error(`unknown source ${k}`);
    return found;
  });
}

/** Parses data with a zod schema, or throws SchemeDataError naming the file and every bad key. */
export function parseSchemeData<T extends z.ZodType>(file: string, schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new SchemeDataError(
      file,
      result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`),
    );
  }
  return result.data;
}

export const sharedSourcesFileSchema = z
  .object({
    $comment: z.string().optional(),
    /** The words of the "unverified" mark the web shows beside a fact with no official source. */
    unverifiedMark: i18nTextSchema,
    sources: sourceRegistrySchema,
  })
  .strict();

export type SharedSources = { unverifiedMark: I18nText; sources: SourceRegistry };

/** What a view carries for one fact: its sources, and the "unverified" mark's words when none is official. */
export type FactSources = { sources: SourceRef[]; unverifiedMark: I18nText | null };

/** The sources of a fact and, when none of them is official, the mark the web shows beside it. */
export function factSources(registry: SourceRegistry, keys: readonly string[], mark: I18nText): FactSources {
  const sources = resolveSources(registry, keys);
  return { sources, unverifiedMark: needsUnverifiedMark(sources) ? mark : null };
}
