export * from "./criterion.ts";
export { type CriterionView, criterionView } from "./criterion-view.ts";
export * from "./load-catalog.ts";
export { METHOD_LABELS } from "./method-labels.ts";
