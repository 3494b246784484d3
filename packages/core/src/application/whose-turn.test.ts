import { describe, expect, it } from "vitest";
import { whoseTurn } from "./transitions.ts";

describe("whoseTurn (from the transitions table)", () => {
  it("names the maker for the fee payment and the operator (registry) or IPA for the label", () => {
    const app = { channel: "registry" as const, applicationNumber: "A-1" };
    expect(whoseTurn({ ...app, state: "fee_invoiced" })).toEqual({ party: "maker", action: "pay_fee" });
    expect(whoseTurn({ ...app, state: "fee_paid" })).toEqual({ party: "operator", action: "issue_label" });
    expect(whoseTurn({ ...app, channel: "ipa", state: "fee_paid" })).toEqual({
      party: "ipa",
      action: "issue_label",
    });
    expect(whoseTurn({ ...app, state: "draft" })).toEqual({ party: "maker", action: "mark_ready" });
    expect(whoseTurn({ ...app, state: "ready" })).toEqual({ party: "maker", action: "submit" });
    expect(whoseTurn({ ...app, applicationNumber: null, state: "ready" }).action).toBe("request_number");
    expect(whoseTurn({ ...app, state: "label_issued" })).toEqual({ party: null, action: null });
    expect(whoseTurn({ ...app, state: "revoked" })).toEqual({ party: null, action: null });
  });
});
