import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import { useSession } from "./SessionProvider.tsx";
import { sessionUser } from "./session-user.ts";

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t("common.loading")}
    </p>
  );
}

/** Shows its children to a signed-in user; otherwise sends to setup, sign-in or TOTP enrolment. */
export function RequireSession({
  children,
  allowTotpSetup = false,
}: {
  children: ReactNode;
  allowTotpSetup?: boolean;
}) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === "loading") return <Loading />;
  if (state.status === "needsSetup") return <Navigate to="/setup" replace />;
  if (state.status === "signedOut") {
    // Only a session that ended by itself (no sign-out in this tab) comes back here, and only for its user.
    const userId = sessionUser();
    if (!userId) return <Navigate to="/signin" replace />;
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/signin" replace state={{ from, userId }} />;
  }
  if (state.me?.totpSetupRequired && !allowTotpSetup) return <Navigate to="/totp" replace />;
  return <>{children}</>;
}
