export * from "./criterion.ts";
export * from "./load-catalog.ts";
export { criterionView, type CriterionView } from "./criterion-view.ts";
