import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Link, Route, Routes, useLocation } from "react-router";
import { Header } from "./components/Header.tsx";
import { RequireSession } from "./components/RequireSession.tsx";
import { SessionProvider, useSession } from "./components/SessionProvider.tsx";
import { AccountPage } from "./pages/AccountPage.tsx";
import { AdminAllowlistPage } from "./pages/AdminAllowlistPage.tsx";
import { AdminOrganisationsPage } from "./pages/AdminOrganisationsPage.tsx";
import { AdminPublicUrlPage } from "./pages/AdminPublicUrlPage.tsx";
import { AdminSecurityTxtPage } from "./pages/AdminSecurityTxtPage.tsx";
import { AdminUsersPage } from "./pages/AdminUsersPage.tsx";
import { ApplicationFormPage } from "./pages/ApplicationFormPage.tsx";
import { ApplicationListPage } from "./pages/ApplicationListPage.tsx";
import { ApplicationPage } from "./pages/ApplicationPage.tsx";
import { AssessmentPage } from "./pages/AssessmentPage.tsx";
import { ClaimsPage } from "./pages/ClaimsPage.tsx";
import { DeviceTestsPage } from "./pages/DeviceTestsPage.tsx";
import { DocumentsPage } from "./pages/DocumentsPage.tsx";
import { EvidencePage } from "./pages/EvidencePage.tsx";
import { InvitePage } from "./pages/InvitePage.tsx";
import { MembersPage } from "./pages/MembersPage.tsx";
import { OperatorApplicationPage } from "./pages/OperatorApplicationPage.tsx";
import { OperatorPage } from "./pages/OperatorPage.tsx";
import { PackagePage } from "./pages/PackagePage.tsx";
import { ProductListPage } from "./pages/ProductListPage.tsx";
import { ProductNewPage } from "./pages/ProductNewPage.tsx";
import { ProductPage } from "./pages/ProductPage.tsx";
import { PublicationPage } from "./pages/PublicationPage.tsx";
import { ReleaseVulnPage } from "./pages/ReleaseVulnPage.tsx";
import { ResetPage } from "./pages/ResetPage.tsx";
import { SetupPage } from "./pages/SetupPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { TotpEnrolPage } from "./pages/TotpEnrolPage.tsx";

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("notFound.title")}</h1>
      <p>
        <Link to="/">{t("notFound.back")}</Link>
      </p>
    </section>
  );
}

let previousPath: string | null = null;

/**
 * Moves focus to the main area when the client-side route changes, so that keyboard and screen-reader users
 * start at the new page. A fresh page load keeps the browser's own start (the skip link comes first).
 */
function FocusOnNavigate() {
  const location = useLocation();
  useEffect(() => {
    const path = location.pathname;
    if (previousPath === null || previousPath === path || location.hash) {
      previousPath = path;
      return;
    }
    previousPath = path;
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [location.pathname, location.hash]);
  return null;
}

function AppRoutes() {
  const { orgId } = useSession();
  const guard = (page: ReactNode) => <RequireSession>{page}</RequireSession>;
  return (
    <Routes key={orgId ?? "none"}>
      <Route path="/setup" element={<SetupPage />} />
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/invite/:token" element={<InvitePage />} />
      <Route path="/reset/:token" element={<ResetPage />} />
      <Route
        path="/totp"
        element={
          <RequireSession allowTotpSetup>
            <TotpEnrolPage />
          </RequireSession>
        }
      />
      <Route path="/" element={guard(<ProductListPage />)} />
      <Route path="/products/new" element={guard(<ProductNewPage />)} />
      <Route path="/products/:productId" element={guard(<ProductPage />)} />
      <Route path="/products/:productId/evidence" element={guard(<EvidencePage />)} />
      <Route path="/products/:productId/device-tests" element={guard(<DeviceTestsPage />)} />
      <Route path="/products/:productId/documents" element={guard(<DocumentsPage />)} />
      <Route path="/products/:productId/releases/:releaseId" element={guard(<ReleaseVulnPage />)} />
      <Route path="/products/:productId/package" element={guard(<PackagePage />)} />
      <Route path="/products/:productId/application-form" element={guard(<ApplicationFormPage />)} />
      <Route path="/products/:productId/publication" element={guard(<PublicationPage />)} />
      <Route path="/products/:productId/claims" element={guard(<ClaimsPage />)} />
      <Route path="/assessments/:assessmentId" element={guard(<AssessmentPage />)} />
      <Route path="/account" element={guard(<AccountPage />)} />
      <Route path="/org/members" element={guard(<MembersPage />)} />
      <Route path="/admin/users" element={guard(<AdminUsersPage />)} />
      <Route path="/admin/organisations" element={guard(<AdminOrganisationsPage />)} />
      <Route path="/admin/device-test-allowlist" element={guard(<AdminAllowlistPage />)} />
      <Route path="/admin/security-txt" element={guard(<AdminSecurityTxtPage />)} />
      <Route path="/admin/public-url" element={guard(<AdminPublicUrlPage />)} />
      <Route path="/applications" element={guard(<ApplicationListPage />)} />
      <Route path="/applications/:applicationId" element={guard(<ApplicationPage />)} />
      <Route path="/operator" element={guard(<OperatorPage />)} />
      <Route path="/operator/applications/:applicationId" element={guard(<OperatorApplicationPage />)} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

export function App() {
  const { t } = useTranslation();
  return (
    <BrowserRouter>
      <SessionProvider>
        <a className="skip-link" href="#main">
          {t("common.skipToContent")}
        </a>
        <Header />
        <FocusOnNavigate />
        <main id="main" tabIndex={-1}>
          <AppRoutes />
        </main>
        <footer className="site-footer">
          <p>{t("footer.notice")}</p>
        </footer>
      </SessionProvider>
    </BrowserRouter>
  );
}
