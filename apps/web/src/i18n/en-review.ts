import type { jaReview } from "./ja-review.ts";

/** English: the frozen checklist, the evidence picker and the document preview (part of en.ts). */
export const enReview: typeof jaReview = {
  frozen: {
    title: "Signed-off checklist (frozen)",
    taken: "Frozen on {{date}}",
    criterion: "Criterion",
    state: "Result",
    evidence: "Evidence",
    none: "No evidence",
    open: "Open the file",
    olderRuns: "Earlier runs: {{count}}",
    testedOn: "tested {{date}}",
  },
  picker: {
    search: "Search evidence",
    searchHint: "Filters by name, document number or test.",
    showAll: "Show all evidence (other methods and other products too)",
    fitting: "Showing the evidence that fits this criterion ({{method}}, this product).",
    methods: {
      document: "documents",
      device: "device tests, screenshots and the like",
      both: "documents and device tests",
    },
    noMatch: "No evidence matches.",
    pdfPage: "PDF page {{page}} of {{pages}}",
    pdfError: "The PDF could not be shown.",
    pdfNoPages: "This PDF has no pages.",
  },
  docPreview: {
    prefilled:
      "The contact and URLs are filled in from what you entered for the documents (saving makes them the publication settings).",
    frameTitle: "Preview of {{title}} (the HTML that is published)",
    sourceNote: "This is the HTML that will be published, shown as is (no scripts run).",
  },
};
