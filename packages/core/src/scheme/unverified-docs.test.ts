import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { unverifiedFactIds, unverifiedFactsMarkdown } from "./sourced-items.ts";

const DOC = new URL("../../../../docs/criteria.md", import.meta.url);
const START = "<!-- unverified-facts:start -->";
const END = "<!-- unverified-facts:end -->";

/** The ids listed between the markers of docs/criteria.md. */
function listedIds(markdown: string): string[] {
  const from = markdown.indexOf(START);
  const to = markdown.indexOf(END);
  expect(from, "docs/criteria.md has the unverified-facts markers").toBeGreaterThanOrEqual(0);
  expect(to).toBeGreaterThan(from);
  return markdown
    .slice(from + START.length, to)
    .split("\n")
    .flatMap((line) => {
      const m = /^- `([^`]+)`: (.+)$/.exec(line.trim());
      return m?.[1] && m[2] ? m[2].split(", ").map((last) => `${m[1]}:${last}`) : [];
    });
}

describe("docs/criteria.md lists every fact with no official source", () => {
  it("names exactly the facts of the data files that carry the unverified mark", () => {
    const listed = listedIds(readFileSync(DOC, "utf8"));
    const expected = unverifiedFactIds();
    // On failure, paste `unverifiedFactsMarkdown()` between the markers.
    expect({
      missing: expected.filter((id) => !listed.includes(id)),
      stale: listed.filter((id) => !expected.includes(id)),
    }).toEqual({ missing: [], stale: [] });
  });

  it("reads back what it writes", () => {
    const ids = ["fees:psti:-:-", "catalog:v:S1.1-01:method", "catalog:v:S1.1-01:notApplicable"];
    expect(listedIds(`${START}\n${unverifiedFactsMarkdown(ids)}\n${END}`)).toEqual(ids);
  });
});
