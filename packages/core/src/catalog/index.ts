export * from "./criterion.ts";
export { type CriterionView, criterionView } from "./criterion-view.ts";
export * from "./load-catalog.ts";
