import type { Attachment } from "./applications.ts";
import type { Evidence } from "./types.ts";

type Lang = "ja" | "en";
const langOf = (lang: string): Lang => (lang === "en" ? "en" : "ja");

/**
 * An evidence record with the texts the server wrote (titles, device-test summaries, file summaries, locations)
 * in the reader's language; records people wrote, and those written before `texts` existed, stay as they are.
 */
export function inLang(e: Evidence, lang: string): Evidence {
  const texts = e.texts;
  if (!texts) return e;
  const l = langOf(lang);
  return {
    ...e,
    title: texts.title?.[l] ?? e.title,
    summary: texts.summary?.[l] ?? e.summary,
    deviceTest: e.deviceTest
      ? { ...e.deviceTest, resultSummary: texts.resultSummary?.[l] ?? e.deviceTest.resultSummary }
      : null,
    document: e.document ? { ...e.document, location: texts.location?.[l] ?? e.document.location } : null,
  };
}

/** What an attachment is called: its title in the reader's language where the server wrote one, else its name. */
export function attachmentLabel(a: Attachment, lang: string): string {
  const title = a.titles?.[langOf(lang)];
  if (title) return a.fileName ? `${title} (${a.fileName})` : title;
  return a.fileName ?? a.title;
}
