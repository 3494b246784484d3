import { describe, expect, it } from "vitest";
import { readRunBody } from "./run-body.ts";

const read = (text: string) => readRunBody(Buffer.from(text));
const codeOf = (text: string) => {
  try {
    read(text);
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return "accepted";
};

describe("readRunBody", () => {
  it("reads values like JSON.parse, except logs and findings, kept as byte ranges", () => {
    for (const text of [
      '{"a":[1,-2.5e3,true,false,null,"x\\"y\\u00e9",{}],"b":{"c":"日本"}}',
      " [ ] ",
      '"s"',
      "0",
    ]) {
      expect(read(text).value).toEqual(JSON.parse(text));
    }
    const text = '{"results":[{"probe":"p","log":[{"a":1},{"b":[2]}],"findings":{"x":{"y":1}}},{"log":[]}]}';
    const { value, raws } = read(text);
    expect(value).toEqual({ results: [{ probe: "p", log: [], findings: {} }, { log: [] }] });
    expect(read(`{"results":[{"findings":{"a":[1],"source":"nmap"}}]}`).value).toEqual({
      results: [{ findings: { source: "nmap" } }],
    });
    expect(raws.map((r) => [r.result, r.key, text.slice(r.slice.start, r.slice.end)])).toEqual([
      [0, "log", '[{"a":1},{"b":[2]}]'],
      [0, "findings", '{"x":{"y":1}}'],
      [1, "log", "[]"],
    ]);
  });

  it("gives the schema a stand-in of the wrong shape when a log or findings has one", () => {
    expect(read('{"results":[{"log":[1],"findings":[]}]}').value).toEqual({
      results: [{ log: [null], findings: null }],
    });
    expect(read('{"results":[{"log":"x"}]}').value).toEqual({ results: [{ log: null }] });
  });

  it("keeps an own __proto__ key as data", () => {
    const value = read('{"__proto__":{"polluted":1}}').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });

  it("refuses malformed JSON, deep nesting and U+0000 everywhere, logs included", () => {
    for (const bad of [
      "",
      "{",
      '{"a":}',
      '{"a":1,}',
      "[1 2]",
      '"\u0001"',
      "tru",
      "01",
      '{"a":1}x',
      '{"a" 1}',
    ]) {
      expect(codeOf(bad), bad).toBe("MALFORMED_JSON");
    }
    expect(codeOf(`${"[".repeat(65)}${"]".repeat(65)}`)).toBe("INPUT_TOO_DEEP");
    expect(codeOf(`{"results":[{"log":[${"[".repeat(100)}${"]".repeat(100)}]}]}`)).toBe("INPUT_TOO_DEEP");
    expect(codeOf('{"results":[{"log":[{"m":"a\\u0000"}]}]}')).toBe("INPUT_NUL_CHARACTER");
    expect(codeOf('{"a\\u0000":1}')).toBe("INPUT_NUL_CHARACTER");
    expect(codeOf('{"a":"\\\\u0000"}')).toBe("accepted");
  });
});
