export const CRITERION_STATES = ["not_assessed", "conformant", "not_applicable", "non_conformant"] as const;
export type CriterionState = (typeof CRITERION_STATES)[number];
