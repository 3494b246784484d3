import { useTranslation } from "react-i18next";
import type { Schemas } from "../api/client.ts";

/** Who acts next on an application and what: the server's `turn`, derived from core's transitions table. */
export function WhoseTurn({ turn }: { turn: Schemas["Turn"] }) {
  const { t } = useTranslation();
  return (
    <p className="notice" data-testid="whose-turn">
      <strong>{t("turn.label")}:</strong>{" "}
      {turn.party && turn.action
        ? `${t(`turn.party.${turn.party}`)} — ${t(`turn.actions.${turn.action}`)}`
        : t("turn.none")}
    </p>
  );
}
