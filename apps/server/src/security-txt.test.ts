import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

const DAY = 24 * 60 * 60 * 1000;

/** Parses a security.txt into field → values (lower-case names), ignoring comments. */
function parse(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z-]+): (.*)$/.exec(line);
    if (!m) continue;
    const name = (m[1] as string).toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), m[2] as string]);
  }
  return fields;
}

describe.each(testDialects())("the instance's own /.well-known/security.txt on %s", (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let clock = Date.now();
  const get = () => t.app.request("/.well-known/security.txt");

  beforeAll(async () => {
    t = await openTestApp(dialect, { now: () => new Date(clock), publicUrl: "https://jcstar.example.jp/" });
    admin = await t.user(null, { instanceRole: "admin" });
    editor = await t.user("owner");
  });
  afterAll(async () => t?.close());

  it("is not served (404) before an admin sets Contact and Expires", async () => {
    const res = await get();
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("Contact");
  });

  it("cannot be set by a non-admin, nor by an admin's API token", async () => {
    const body = { contacts: ["mailto:evil@example.com"], expires: new Date(clock + 30 * DAY).toISOString() };
    const operator = await t.user(null, { instanceRole: "operator" });
    for (const headers of [editor.headers, admin.headers, operator.headers, {}])
      expect((await t.app.request("/api/admin/security-txt", json("PUT", body, headers))).status).toBeOneOf([
        401, 403,
      ]);
    expect((await get()).status).toBe(404);
  });

  it("refuses bad contacts and an Expires in the past or more than a year ahead", async () => {
    const session = await t.session(admin.id);
    const put = (body: unknown) => t.app.request("/api/admin/security-txt", json("PUT", body, session));
    const soon = new Date(clock + 30 * DAY).toISOString();
    expect((await put({ contacts: [], expires: soon })).status).toBe(400);
    expect((await put({ contacts: ["http://example.jp/report"], expires: soon })).status).toBe(400);
    expect((await put({ contacts: ["javascript:alert(1)"], expires: soon })).status).toBe(400);
    const past = await put({
      contacts: ["mailto:sec@example.jp"],
      expires: new Date(clock - DAY).toISOString(),
    });
    expect(past.status).toBe(422);
    expect(((await past.json()) as { error: { code: string } }).error.code).toBe(
      "SECURITY_TXT_EXPIRES_INVALID",
    );
    const far = await put({
      contacts: ["mailto:sec@example.jp"],
      expires: new Date(clock + 400 * DAY).toISOString(),
    });
    expect(far.status).toBe(422);
    expect((await get()).status).toBe(404);
  });

  it("is served once set, as RFC 9116 text built from the settings and the public URL", async () => {
    const session = await t.session(admin.id);
    const expires = new Date(clock + 90 * DAY);
    expires.setUTCMilliseconds(0);
    const saved = await t.app.request(
      "/api/admin/security-txt",
      json(
        "PUT",
        {
          contacts: ["mailto:security@example.jp", "https://example.jp/report"],
          expires: expires.toISOString(),
          preferredLanguages: ["ja", "en"],
        },
        session,
      ),
    );
    expect(saved.status).toBe(200);
    const view = (await saved.json()) as { served: string | null };
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; charset=utf-8/i);
    const text = await res.text();
    expect(view.served).toBe(text);
    const fields = parse(text);
    expect(fields.get("contact")).toEqual(["mailto:security@example.jp", "https://example.jp/report"]);
    expect(fields.get("expires")).toEqual([expires.toISOString().replace(".000Z", "Z")]);
    expect(fields.get("preferred-languages")).toEqual(["ja, en"]);
    expect(fields.get("canonical")).toEqual(["https://jcstar.example.jp/.well-known/security.txt"]);
    const read = await t.app.request("/api/admin/security-txt", { headers: session });
    expect(((await read.json()) as { settings: { contacts: string[] } }).settings.contacts).toHaveLength(2);
  });

  it("is not served (404) once Expires is past", async () => {
    clock += 91 * DAY;
    expect((await get()).status).toBe(404);
  });
});
