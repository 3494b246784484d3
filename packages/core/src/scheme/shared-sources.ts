import { parseSchemeData, type SharedSources, sharedSourcesFileSchema } from "./source-registry.ts";
import sourcesData from "./sources.json" with { type: "json" };

/**
 * The sources shared by the scheme data files outside the catalog (fees, schedule, forms, label-use rules),
 * validated when first imported: a bad file stops the start.
 */
export const SHARED_SOURCES: SharedSources = parseSchemeData(
  "scheme/sources.json",
  sharedSourcesFileSchema,
  sourcesData,
);
