import type { ReactNode } from "react";
import type { Schemas } from "../api/client.ts";

type Finding = Schemas["ClaimFinding"];

/** The checked text with each finding's match marked (the first of overlapping matches wins); `#n` links the list. */
export function ClaimsHighlight({ text, findings }: { text: string; findings: Finding[] }) {
  const ordered = findings.map((f, i) => ({ f, i })).sort((a, b) => a.f.match.start - b.f.match.start);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const { f, i } of ordered) {
    if (f.match.start < at) continue;
    parts.push(text.slice(at, f.match.start));
    parts.push(
      <mark
        key={i}
        className={`claim-${f.severity}`}
        data-testid="claim-mark"
        data-rule={f.ruleId}
        title={`${i + 1}`}
      >
        <a href={`#claim-finding-${i + 1}`}>{text.slice(f.match.start, f.match.end)}</a>
      </mark>,
    );
    at = f.match.end;
  }
  parts.push(text.slice(at));
  return (
    <pre className="claims-text" data-testid="claims-text">
      {parts}
    </pre>
  );
}
