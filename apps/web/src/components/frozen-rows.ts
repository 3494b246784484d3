/** The frozen checklist as rows to show: one language, the newest run of each device test first. */

export type I18n = { ja: string; en: string };

export type FrozenEvidence = {
  id: string;
  title: string;
  titles?: I18n | null;
  testKey?: string | null;
  verdict?: string | null;
  testedOn?: string | null;
  fileName?: string | null;
  hasFile: boolean;
};

export type FrozenRow = {
  criterionId: string;
  title?: I18n;
  state: string;
  deemedMet: boolean;
  naReason: string | null;
  evidence: FrozenEvidence[];
};

/** The newest record of one test (or one document) and the older runs folded under it. */
export type EvidenceGroup = { newest: FrozenEvidence; older: FrozenEvidence[] };

const REPORT = /^probe-report-(ja|en)\.txt$/;

/** Which test a record belongs to: its probe key, "report" for a run's text report, else itself. */
function groupKey(e: FrozenEvidence): string {
  if (e.testKey) return `test:${e.testKey}`;
  if (e.fileName && REPORT.test(e.fileName)) return "report";
  return `evidence:${e.id}`;
}

/**
 * Groups a criterion's evidence (oldest first, as frozen) by test: the newest run of each test shown, the older
 * ones folded; a run's report only in the reader's language (the other language's copy is left out when the
 * reader's exists).
 */
export function groupEvidence(evidence: readonly FrozenEvidence[], lang: string): EvidenceGroup[] {
  const own = lang === "en" ? "en" : "ja";
  const reports = evidence.filter((e) => e.fileName && REPORT.test(e.fileName));
  const hasOwn = reports.some((e) => e.fileName?.includes(`-${own}.`));
  const shown = evidence.filter(
    (e) => !(hasOwn && e.fileName && REPORT.test(e.fileName) && !e.fileName.includes(`-${own}.`)),
  );
  const groups = new Map<string, FrozenEvidence[]>();
  for (const e of shown) groups.set(groupKey(e), [...(groups.get(groupKey(e)) ?? []), e]);
  return [...groups.values()].map((runs) => {
    const newestFirst = [...runs].reverse();
    return { newest: newestFirst[0] as FrozenEvidence, older: newestFirst.slice(1) };
  });
}

/** A record's title in the reader's language (where the server wrote it in both). */
export function titleIn(e: FrozenEvidence, lang: string): string {
  return (lang === "en" ? e.titles?.en : e.titles?.ja) ?? e.title;
}
