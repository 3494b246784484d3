import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import {
  ACTIONS,
  type Action,
  type ActorKind,
  APPLICATION_STATES,
  type ApplicationState,
  type Channel,
  checkTransition,
  mayAct,
  nextActions,
  stepsNeedingNote,
  TRANSITIONS,
  type TransitionInput,
  type TransitionSubject,
} from "./transitions.ts";

const TODAY = "2026-11-26";
const FULL: TransitionInput = {
  note: "reason",
  applicationNumber: "A-1",
  registrationNumber: "R-1",
  acceptanceNumber: "受理-1",
  labelExpiresOn: "2028-11-26",
  attachments: ["evd_1"],
};

function subject(state: ApplicationState, more: Partial<TransitionSubject> = {}): TransitionSubject {
  return { state, channel: "ipa", applicationNumber: null, labelExpiresOn: null, ...more };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return "OK";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe("application lifecycle rules (pure)", () => {
  it("walks the whole happy path on the IPA channel, the maker recording IPA's steps", () => {
    const path: [Action, ApplicationState][] = [
      ["mark_ready", "ready"],
      ["request_number", "number_requested"],
      ["record_number", "number_received"],
      ["submit", "submitted"],
      ["accept", "accepted"],
      ["invoice_fee", "fee_invoiced"],
      ["pay_fee", "fee_paid"],
      ["issue_label", "label_issued"],
      ["file_change_notice", "label_issued"],
      ["file_report", "label_issued"],
      ["request_extension", "extension_requested"],
      ["file_report", "extension_requested"],
      ["extend", "label_issued"],
      ["renew", "renewed"],
    ];
    let state: ApplicationState = "draft";
    for (const [action, expected] of path) {
      state = checkTransition(subject(state, { applicationNumber: "A-1" }), action, "maker", FULL, TODAY);
      expect(state).toBe(expected);
    }
  });

  it("refuses every step that is not in the table from a state (no skipped steps)", () => {
    for (const state of APPLICATION_STATES) {
      for (const action of ACTIONS) {
        const listed = TRANSITIONS.some((t) => t.action === action && t.from.includes(state));
        const s = subject(state, { applicationNumber: "A-1", labelExpiresOn: "2020-01-01" });
        const code = codeOf(() => checkTransition(s, action, "maker", FULL, TODAY));
        if (!listed) expect(code, `${action} from ${state}`).toBe("INVALID_TRANSITION");
        else expect(code, `${action} from ${state}`).not.toBe("INVALID_TRANSITION");
      }
    }
  });

  it("never issues a label without payment", () => {
    for (const state of APPLICATION_STATES.filter((s) => s !== "fee_paid")) {
      expect(codeOf(() => checkTransition(subject(state), "issue_label", "maker", FULL, TODAY))).toBe(
        "INVALID_TRANSITION",
      );
    }
    expect(checkTransition(subject("fee_paid"), "issue_label", "maker", FULL, TODAY)).toBe("label_issued");
  });

  it("cannot submit without an application number, nor skip requesting one the first time", () => {
    expect(codeOf(() => checkTransition(subject("ready"), "submit", "maker", FULL, TODAY))).toBe(
      "STEP_INCOMPLETE",
    );
    expect(codeOf(() => checkTransition(subject("draft"), "submit", "maker", FULL, TODAY))).toBe(
      "INVALID_TRANSITION",
    );
    // After a return the number IPA gave stays valid: ready → submitted directly.
    expect(
      checkTransition(subject("ready", { applicationNumber: "A-1" }), "submit", "maker", {}, TODAY),
    ).toBe("submitted");
  });

  it("returns go back to draft and need a reason; a submitted snapshot can only be replaced from draft", () => {
    expect(codeOf(() => checkTransition(subject("submitted"), "return", "maker", {}, TODAY))).toBe(
      "STEP_INCOMPLETE",
    );
    expect(
      checkTransition(subject("submitted"), "return", "maker", { note: "missing form 2-1" }, TODAY),
    ).toBe("draft");
    // Only mark_ready takes a snapshot, and only from draft: nothing after submission can retake it.
    const snapshotSteps = TRANSITIONS.filter((t) => t.action === "mark_ready");
    expect(snapshotSteps.flatMap((t) => t.from)).toEqual(["draft"]);
    for (const state of ["submitted", "accepted", "fee_invoiced", "fee_paid", "label_issued"] as const) {
      expect(codeOf(() => checkTransition(subject(state), "mark_ready", "maker", FULL, TODAY))).toBe(
        "INVALID_TRANSITION",
      );
      expect(codeOf(() => checkTransition(subject(state), "reopen", "maker", FULL, TODAY))).toBe(
        "INVALID_TRANSITION",
      );
    }
  });

  it("checks each requirement of a step", () => {
    const cases: [Action, ApplicationState, string][] = [
      ["record_number", "number_requested", "applicationNumber"],
      ["issue_label", "fee_paid", "registrationNumber"],
      ["accept", "submitted", "acceptanceNumber"],
      ["extend", "extension_requested", "labelExpiresOn"],
      ["revoke", "label_issued", "note"],
      ["request_evidence", "submitted", "note"],
      ["provide_evidence", "submitted", "attachment"],
      ["file_change_notice", "label_issued", "note"],
      ["file_report", "label_issued", "note"],
    ];
    // The expiry IPA states is required at issue, even with a registration number.
    expect(
      codeOf(() =>
        checkTransition(subject("fee_paid"), "issue_label", "maker", { registrationNumber: "R" }, TODAY),
      ),
    ).toBe("STEP_INCOMPLETE");
    // This instance's registry may accept without an acceptance number; IPA's acceptance needs IPA's.
    expect(
      checkTransition(subject("submitted", { channel: "registry" }), "accept", "operator", {}, TODAY),
    ).toBe("accepted");
    for (const [action, state, requirement] of cases) {
      try {
        checkTransition(subject(state), action, "maker", {}, TODAY);
        expect.unreachable(`${action} without ${requirement}`);
      } catch (error) {
        expect((error as AppError).code).toBe("STEP_INCOMPLETE");
        expect((error as AppError).params.requirement).toBe(requirement);
      }
    }
  });

  it("expires a label only after its last valid day", () => {
    const issued = (labelExpiresOn: string) => subject("label_issued", { labelExpiresOn });
    expect(codeOf(() => checkTransition(issued("2026-11-26"), "expire", "system", {}, TODAY))).toBe(
      "STEP_INCOMPLETE",
    );
    expect(checkTransition(issued("2026-11-25"), "expire", "system", {}, TODAY)).toBe("expired");
    expect(checkTransition(issued("2026-11-25"), "renew", "maker", {}, TODAY)).toBe("renewed");
    expect(checkTransition(subject("expired"), "renew", "maker", {}, TODAY)).toBe("renewed");
    for (const end of ["expired", "revoked", "renewed"] as const)
      expect(nextActions(subject(end), "maker", TODAY).filter((a) => a !== "renew")).toEqual([]);
  });

  it("on the registry channel only operators take the registry's steps, and makers only theirs", () => {
    const reg = (state: ApplicationState) => subject(state, { channel: "registry" });
    expect(codeOf(() => checkTransition(reg("submitted"), "accept", "maker", FULL, TODAY))).toBe("FORBIDDEN");
    expect(checkTransition(reg("submitted"), "accept", "operator", FULL, TODAY)).toBe("accepted");
    expect(codeOf(() => checkTransition(reg("fee_invoiced"), "pay_fee", "operator", FULL, TODAY))).toBe(
      "FORBIDDEN",
    );
    expect(codeOf(() => checkTransition(reg("draft"), "mark_ready", "operator", FULL, TODAY))).toBe(
      "FORBIDDEN",
    );
    // Operators never act on what a maker records for IPA.
    expect(codeOf(() => checkTransition(subject("submitted"), "accept", "operator", FULL, TODAY))).toBe(
      "FORBIDDEN",
    );
    const matrix: [Channel, ActorKind, "maker" | "registry" | "anyone", boolean][] = [
      ["ipa", "maker", "registry", true],
      ["ipa", "operator", "registry", false],
      ["registry", "maker", "registry", false],
      ["registry", "operator", "maker", false],
      ["registry", "system", "registry", true],
      ["ipa", "system", "registry", false],
      ["ipa", "system", "anyone", true],
    ];
    for (const [channel, actor, by, ok] of matrix) expect(mayAct(by, actor, channel)).toBe(ok);
  });

  it("lists the next steps an actor may take", () => {
    expect(nextActions(subject("draft"), "maker", TODAY)).toEqual(["mark_ready"]);
    expect(nextActions(subject("ready"), "maker", TODAY)).toEqual(["reopen", "request_number"]);
    expect(nextActions(subject("ready", { applicationNumber: "A" }), "maker", TODAY)).toEqual([
      "reopen",
      "request_number",
      "submit",
    ]);
    const reg = subject("submitted", { channel: "registry" });
    expect(nextActions(reg, "operator", TODAY)).toEqual(["accept", "return", "request_evidence"]);
    expect(nextActions(reg, "maker", TODAY)).toEqual(["provide_evidence"]);
    expect(nextActions(subject("label_issued", { labelExpiresOn: "2030-01-01" }), "maker", TODAY)).toEqual([
      "file_change_notice",
      "file_report",
      "request_extension",
      "revoke",
      "renew",
    ]);
    expect(
      nextActions(subject("extension_requested", { labelExpiresOn: "2030-01-01" }), "maker", TODAY),
    ).toEqual(["file_change_notice", "file_report", "extend", "revoke"]);
  });

  it("names the next steps that need a note, from the table (what the web's step form asks for)", () => {
    const reg = subject("submitted", { channel: "registry" });
    expect(stepsNeedingNote("submitted", nextActions(reg, "operator", TODAY))).toEqual([
      "return",
      "request_evidence",
    ]);
    const issued = subject("label_issued", { labelExpiresOn: "2030-01-01" });
    expect(stepsNeedingNote("label_issued", nextActions(issued, "maker", TODAY))).toEqual([
      "file_change_notice",
      "file_report",
      "revoke",
    ]);
    // Every step named is one checkTransition refuses without a note.
    for (const rule of TRANSITIONS.filter((r) => r.requires.includes("note")))
      for (const state of rule.from) {
        const app = subject(state, { channel: "ipa", labelExpiresOn: "2030-01-01" });
        expect(stepsNeedingNote(state, [rule.action])).toEqual([rule.action]);
        expect(codeOf(() => checkTransition(app, rule.action, "maker", { ...FULL, note: " " }, TODAY))).toBe(
          "STEP_INCOMPLETE",
        );
      }
    expect(stepsNeedingNote("draft", ["mark_ready"])).toEqual([]);
  });
});
