import { z } from "zod";
import { i18nTextSchema } from "../i18n/text.ts";
import { SHARED_SOURCES } from "../scheme/shared-sources.ts";
import {
  parseSchemeData,
  SchemeDataError,
  sourceKeysSchema,
  unknownSourceKeys,
} from "../scheme/source-registry.ts";
import labelsData from "./labels.json" with { type: "json" };

const names = z.record(z.string(), i18nTextSchema);
const stepLabelsSchema = z
  .object({
    $comment: z.string().optional(),
    /** Where the states and steps come from (keys of scheme/sources.json). */
    sources: z.object({ states: sourceKeysSchema, actions: sourceKeysSchema }).strict(),
    states: names,
    actions: names,
    requirements: names,
  })
  .strict();
export type StepLabels = z.infer<typeof stepLabelsSchema>;

function parseStepLabels(file: string, data: unknown): StepLabels {
  const labels = parseSchemeData(file, stepLabelsSchema, data);
  const problems = Object.entries(labels.sources).flatMap(([fact, keys]) =>
    unknownSourceKeys(SHARED_SOURCES.sources, keys, `sources.${fact}`),
  );
  if (problems.length > 0) throw new SchemeDataError(file, problems);
  return labels;
}

/** Names of the lifecycle's states, steps and requirements (labels.json), validated with their sources at load. */
export const STEP_LABELS: StepLabels = parseStepLabels("application/labels.json", labelsData);
