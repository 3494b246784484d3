import { useTranslation } from "react-i18next";
import { Link, NavLink, useNavigate } from "react-router";
import type { Lang } from "../api/types.ts";
import { changeLanguage } from "../i18n/index.ts";
import { useSession } from "./SessionProvider.tsx";

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.language as Lang;
  const choices: { lang: Lang; label: string }[] = [
    { lang: "ja", label: "日本語" },
    { lang: "en", label: "English" },
  ];
  return (
    <nav className="lang-switch" aria-label={t("header.language")}>
      {choices.map((c) => (
        <button
          key={c.lang}
          type="button"
          lang={c.lang}
          aria-pressed={current === c.lang}
          className={current === c.lang ? "active" : ""}
          onClick={() => changeLanguage(c.lang)}
        >
          {c.label}
        </button>
      ))}
    </nav>
  );
}

function OrgSwitcher() {
  const { t } = useTranslation();
  const { state, switchOrg } = useSession();
  const navigate = useNavigate();
  if (state.status !== "signedIn" || !state.me || state.me.memberships.length < 2) return null;
  const me = state.me;
  return (
    <div className="org-switch">
      <label htmlFor="org-switch">{t("header.organisation")}</label>
      <select
        id="org-switch"
        value={me.orgId ?? ""}
        onChange={(e) => {
          void switchOrg(e.target.value).then(() => navigate("/"));
        }}
      >
        {me.memberships.map((m) => (
          <option key={m.orgId} value={m.orgId}>
            {m.orgName}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Header() {
  const { t } = useTranslation();
  const { state, signOut, isOwner, isAdmin } = useSession();
  const navigate = useNavigate();
  const signedIn = state.status === "signedIn";
  const me = signedIn ? state.me : null;
  const orgName = me?.memberships.find((m) => m.orgId === me.orgId)?.orgName;
  return (
    <header className="site-header">
      <div className="brand">
        <Link to="/">jcstar</Link>
        <span className="tagline">{t("header.tagline")}</span>
      </div>
      {signedIn ? (
        <nav className="main-nav" aria-label={t("header.navigation")}>
          <NavLink to="/" end>
            {t("nav.products")}
          </NavLink>
          {me?.orgId ? <NavLink to="/applications">{t("applications.nav")}</NavLink> : null}
          {me?.user.instanceRole === "operator" ? (
            <NavLink to="/operator">{t("operator.nav")}</NavLink>
          ) : null}
          {me ? <NavLink to="/account">{t("nav.account")}</NavLink> : null}
          {isOwner ? <NavLink to="/org/members">{t("nav.members")}</NavLink> : null}
          {isAdmin ? <NavLink to="/admin/users">{t("nav.admin")}</NavLink> : null}
          {isAdmin ? <NavLink to="/admin/organisations">{t("orgAdmin.nav")}</NavLink> : null}
          {isAdmin ? <NavLink to="/admin/device-test-allowlist">{t("allowlist.nav")}</NavLink> : null}
          {isAdmin ? <NavLink to="/admin/security-txt">{t("securityTxt.nav")}</NavLink> : null}
          {isAdmin ? <NavLink to="/admin/public-url">{t("publicUrl.nav")}</NavLink> : null}
        </nav>
      ) : null}
      <div className="header-tools">
        <OrgSwitcher />
        {me ? (
          <span className="who">
            {me.user.name}
            {orgName && me.memberships.length < 2 ? ` · ${orgName}` : ""}
          </span>
        ) : null}
        {me ? (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              void signOut().then(() => navigate("/signin"));
            }}
          >
            {t("header.signOut")}
          </button>
        ) : null}
        <LanguageSwitch />
      </div>
    </header>
  );
}
