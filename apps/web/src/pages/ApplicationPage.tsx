import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { ApplicationView } from "../api/applications.ts";
import { client, ok, pathUrl, seg } from "../api/client.ts";
import { ApplicationModels } from "../components/ApplicationModels.tsx";
import { ApplicationSummary, SnapshotPanel } from "../components/ApplicationSummary.tsx";
import { ApplicationDocuments, ApplicationTimeline } from "../components/ApplicationTimeline.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { LabelDownloads } from "../components/LabelDownloads.tsx";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";
import { StepForm } from "../components/StepForm.tsx";
import { WhoseTurn } from "../components/WhoseTurn.tsx";

/** One application: facts, the next step (recorded by the maker), the timeline and the documents sent. */
export function ApplicationPage() {
  const { t } = useTranslation();
  const { applicationId = "" } = useParams();
  const { canEdit } = useSession();
  const [view, setView] = useState<ApplicationView | null>(null);
  const load = useFormAction();
  const answer = useFormAction();
  const loadRun = load.run;
  const reload = useCallback(async () => {
    const r = await loadRun(() =>
      ok(client.GET("/api/applications/{applicationId}", { params: { path: { applicationId } } })),
    );
    if (r.ok) setView(r.value);
  }, [applicationId, loadRun]);
  useEffect(() => {
    void reload();
  }, [reload]);
  if (!view) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  const fileUrl = (a: { id: string }) =>
    pathUrl("/api/evidence/{evidenceId}/file", { path: { evidenceId: a.id } });
  const renewal = view.events.find((e) => e.action === "renew")?.data.renewal;
  const requested = view.events.some((e) => e.action === "request_evidence");
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/applications">{t("applications.title")}</Link>
      </p>
      <h1>{view.productName}</h1>
      <WhoseTurn turn={view.turn} />
      <ApplicationSummary view={view} />
      <LabelDownloads view={view} />
      {view.renewalOf ? (
        <p>
          {t("applications.renewalOf")}:{" "}
          <Link to={`/applications/${seg(view.renewalOf)}`}>{view.renewalOf}</Link>
        </p>
      ) : null}
      {typeof renewal === "string" ? (
        <p>
          <Link to={`/applications/${seg(renewal)}`}>{t("applications.renewal")}</Link>
        </p>
      ) : null}
      {canEdit ? (
        <section className="panel" aria-labelledby="next-heading">
          <h2 id="next-heading">{t("applications.nextSteps")}</h2>
          <FormError failure={answer.failure} />
          {view.state === "draft" ? (
            <ApplicationModels key={`models-${view.version}`} view={view} onSaved={setView} />
          ) : null}
          {requested && view.nextActions.includes("provide_evidence") ? (
            <p>
              <button
                type="button"
                disabled={answer.busy}
                onClick={() =>
                  void answer
                    .run(() =>
                      ok(
                        client.POST("/api/applications/{applicationId}/evidence-bundle", {
                          params: { path: { applicationId } },
                          body: { version: view.version },
                        }),
                      ),
                    )
                    .then((r) => {
                      if (r.ok) setView(r.value);
                    })
                }
              >
                {t("applications.answerBundle")}
              </button>
            </p>
          ) : null}
          <StepForm
            key={`step-${view.version}`}
            view={view}
            actor="maker"
            post={(body) =>
              ok(
                client.POST("/api/applications/{applicationId}/transitions", {
                  params: { path: { applicationId } },
                  body,
                }),
              )
            }
            onDone={setView}
          />
        </section>
      ) : null}
      <ApplicationTimeline events={view.events} fileUrl={fileUrl} />
      <ApplicationDocuments events={view.events} fileUrl={fileUrl} />
      <SnapshotPanel view={view} fileUrl={(id) => fileUrl({ id })} />
    </section>
  );
}
