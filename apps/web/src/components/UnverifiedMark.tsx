import { useTranslation } from "react-i18next";
import type { Schemas } from "../api/client.ts";
import { pick } from "../i18n/index.ts";

type Props = { sources: Schemas["SourceRef"][]; unverifiedMark: Schemas["FactSources"]["unverifiedMark"] };

/**
 * The "unverified" mark beside a scheme fact that rests on no official source: its words on the badge, the
 * sources on hover (title) and on click (the opened list with confidence, publisher, date and link).
 */
export function UnverifiedMark({ sources, unverifiedMark }: Props) {
  const { t, i18n } = useTranslation();
  if (!unverifiedMark) return null;
  const lang = i18n.language;
  const hover = sources.map(
    (s) => `${s.title} (${s.publisher}, ${s.date}: ${t(`sources.confidence.${s.confidence}`)})`,
  );
  return (
    <details className="unverified-mark" data-testid="unverified-mark">
      <summary title={hover.join("\n")}>{pick(unverifiedMark, lang)}</summary>
      <ul className="compact">
        {sources.map((s) => (
          <li key={`${s.title}-${s.date}`} data-testid="unverified-source">
            {s.url ? (
              <a href={s.url} rel="noreferrer noopener" target="_blank">
                {s.title}
              </a>
            ) : (
              s.title
            )}{" "}
            — {s.publisher}, {s.date} ({t(`sources.confidence.${s.confidence}`)})
            {s.note ? <div className="meta">{pick(s.note, lang)}</div> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
