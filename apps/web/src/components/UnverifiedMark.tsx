import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../api/client.ts";
import { pick } from "../i18n/index.ts";

type Props = { sources: Schemas["SourceRef"][]; unverifiedMark: Schemas["FactSources"]["unverifiedMark"] };

/**
 * The "unverified" mark beside a scheme fact that rests on no official source: its words on the badge, the
 * sources on hover (title) and on click (the opened list with confidence, publisher, date and link). Only
 * phrasing elements (span, button, a), so it may sit inside a paragraph, a label or a table cell.
 */
export function UnverifiedMark({ sources, unverifiedMark }: Props) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!unverifiedMark) return null;
  const lang = i18n.language;
  const hover = sources.map(
    (s) => `${s.title} (${s.publisher}, ${s.date}: ${t(`sources.confidence.${s.confidence}`)})`,
  );
  return (
    <span className="unverified-mark" data-testid="unverified-mark">
      <button type="button" aria-expanded={open} title={hover.join("\n")} onClick={() => setOpen(!open)}>
        {pick(unverifiedMark, lang)}
      </button>
      {open ? (
        <span className="unverified-sources" role="note">
          {sources.map((s) => (
            <span key={`${s.title}-${s.date}`} className="unverified-source" data-testid="unverified-source">
              {s.url ? (
                <a href={s.url} rel="noreferrer noopener" target="_blank">
                  {s.title}
                </a>
              ) : (
                s.title
              )}{" "}
              — {s.publisher}, {s.date} ({t(`sources.confidence.${s.confidence}`)})
              {s.note ? <span className="meta unverified-note">{pick(s.note, lang)}</span> : null}
            </span>
          ))}
        </span>
      ) : null}
    </span>
  );
}
