export { renderJunit, xmlEscape } from "./junit.ts";
export { renderSarif, type SarifOptions } from "./sarif.ts";
export { renderTextReport, resultName, verdictCounts } from "./text.ts";
