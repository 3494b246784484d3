import { useTranslation } from "react-i18next";
import type { ApplicationView } from "../api/applications.ts";
import { labelLinks } from "../api/publication.ts";

/**
 * Downloads of a label issued by this instance's registry (registry channel with a registration number):
 * artwork as SVG and PNG, the signed payload and the public registry page. Plain links: all are public.
 */
export function LabelDownloads({ view }: { view: ApplicationView }) {
  const { t, i18n } = useTranslation();
  if (view.channel !== "registry" || !view.registrationNumber) return null;
  const links = labelLinks(view.registrationNumber);
  const file = view.registrationKey ?? "label";
  return (
    <section className="panel" aria-labelledby="label-downloads-heading" data-testid="label-downloads">
      <h2 id="label-downloads-heading">{t("labelDownloads.title")}</h2>
      <p>{t("labelDownloads.help")}</p>
      <ul className="plain-list">
        <li>
          <a href={links.svg} download={`${file}.svg`}>
            {t("labelDownloads.svg")}
          </a>
        </li>
        <li>
          <a href={links.png} download={`${file}.png`}>
            {t("labelDownloads.png")}
          </a>
        </li>
        <li>
          <a href={links.payload} download={`${file}.jws`}>
            {t("labelDownloads.payload")}
          </a>
        </li>
        <li>
          <a href={`${links.page}?lang=${i18n.language === "en" ? "en" : "ja"}`}>
            {t("labelDownloads.page")}
          </a>
        </li>
      </ul>
    </section>
  );
}
