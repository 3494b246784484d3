import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, ok, pathUrl, type Schemas } from "../api/client.ts";
import { ApplicationSummary, SnapshotPanel } from "../components/ApplicationSummary.tsx";
import { ApplicationDocuments, ApplicationTimeline } from "../components/ApplicationTimeline.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";
import { StepForm } from "../components/StepForm.tsx";
import { WhoseTurn } from "../components/WhoseTurn.tsx";

/** A submitted application as the operator reviews it: frozen checklist, documents, and the registry's steps. */
export function OperatorApplicationPage() {
  const { t } = useTranslation();
  const { applicationId = "" } = useParams();
  const [view, setView] = useState<Schemas["OperatorApplicationView"] | null>(null);
  const load = useFormAction();
  const loadRun = load.run;
  const reload = useCallback(async () => {
    const r = await loadRun(() =>
      ok(client.GET("/api/operator/applications/{applicationId}", { params: { path: { applicationId } } })),
    );
    if (r.ok) setView(r.value);
  }, [applicationId, loadRun]);
  useEffect(() => {
    void reload();
  }, [reload]);
  if (!view) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  const fileUrl = (a: { id: string }) =>
    pathUrl("/api/operator/applications/{applicationId}/attachments/{evidenceId}", {
      path: { applicationId, evidenceId: a.id },
    });
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/operator">{t("operator.title")}</Link>
      </p>
      <h1>
        {view.productName} — {view.orgName}
      </h1>
      <WhoseTurn turn={view.turn} />
      <ApplicationSummary view={view} />
      <section className="panel" aria-labelledby="next-heading">
        <h2 id="next-heading">{t("applications.nextSteps")}</h2>
        <StepForm
          key={view.version}
          view={view}
          actor="operator"
          post={(body) =>
            ok(
              client.POST("/api/operator/applications/{applicationId}/transitions", {
                params: { path: { applicationId } },
                body,
              }),
            )
          }
          onDone={setView}
        />
      </section>
      <SnapshotPanel view={view} fileUrl={(id) => fileUrl({ id })} />
      <ApplicationTimeline events={view.events} fileUrl={fileUrl} />
      <ApplicationDocuments events={view.events} fileUrl={fileUrl} />
    </section>
  );
}
