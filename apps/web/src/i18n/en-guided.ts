import type { jaGuided } from "./ja-guided.ts";

/** English texts of guided manual tests (part of en.ts). */
export const enGuided: typeof jaGuided = {
  guided: {
    title: "Guided test: {{title}}",
    start: "Walk the guided manual test",
    intro:
      "For each step choose the result (pass, fail, not applicable), and add a note and photos or videos when useful. Attachments are stored in the evidence vault as soon as they are chosen and linked to this criterion.",
    tester: "Tester",
    step: "Step {{n}} of {{total}}",
    keep: "Keep as evidence: {{what}}",
    result: "Result",
    pass: "Pass",
    fail: "Fail",
    skip: "Not applicable / skip",
    note: "Note (optional)",
    attach: "Attach a photo or video (optional)",
    attached: "Attached files",
    answeredAt: "Answered at {{at}}",
    unanswered: "{{count}} step(s) are not answered. They are recorded as not run, and the test cannot pass.",
    file: "Record the guided test",
    filed: "The guided test was recorded as device-test evidence (verdict: {{verdict}}).",
    testerRequired: "Enter the tester's name.",
  },
};
