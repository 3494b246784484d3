import { describe, expect, it } from "vitest";
import { apiErrorOf } from "./client.ts";

describe("apiErrorOf", () => {
  it("reads the documented error body, and only its well-formed details", () => {
    const error = apiErrorOf(
      422,
      {
        error: {
          code: "VALIDATION_FAILED",
          message: "直してください",
          details: [{ path: "name", message: "必須です" }, { path: 3 }, "x"],
        },
      },
      "30",
    );
    expect(error).toMatchObject({
      status: 422,
      code: "VALIDATION_FAILED",
      message: "直してください",
      details: [{ path: "name", message: "必須です" }],
      retryAfter: 30,
    });
  });

  it("falls back to the status for a body that is not the error shape (a proxy's page, a wrong type)", () => {
    expect(apiErrorOf(502, "<html>Bad gateway</html>")).toMatchObject({
      code: "HTTP_502",
      message: "",
      details: [],
    });
    expect(apiErrorOf(500, { error: { code: 7, message: null, details: "no" } }, "soon")).toMatchObject({
      code: "HTTP_500",
      message: "",
      details: [],
      retryAfter: null,
    });
  });
});
