import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { client, ok, type Schemas, seg } from "../api/client.ts";
import { pick } from "../i18n/index.ts";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

type Step = Schemas["NextStep"];

type StepLinkProps = { step: Step; productId: string; canEdit: boolean; onStarted: () => void };

function StepLink({ step, productId, canEdit, onStarted }: StepLinkProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useFormAction();
  const product = `/products/${seg(productId)}`;
  if (step.kind === "start_assessment") {
    if (!canEdit) return null;
    const begin = async () => {
      const result = await start.run(() =>
        ok(
          client.POST("/api/products/{productId}/assessments", { params: { path: { productId } }, body: {} }),
        ),
      );
      if (!result.ok) return;
      // Refresh this panel too: a Back pressed before the assessment page renders returns to this very page.
      onStarted();
      navigate(`/assessments/${seg(result.value.id)}`);
    };
    return (
      <>
        <button type="button" onClick={() => void begin()} disabled={start.busy}>
          {t("nextStep.startLink")}
        </button>
        <FormError failure={start.failure} />
      </>
    );
  }
  if (step.kind === "application_form")
    return <Link to={`${product}/application-form`}>{t("nextStep.formLink")}</Link>;
  if (step.kind === "sign_off") return <Link to={`${product}/package`}>{t("nextStep.packageLink")}</Link>;
  const criterionId = step.blocker?.criterionId ?? "";
  return (
    <Link to={`/assessments/${seg(step.assessmentId ?? "")}#criterion-${criterionId}`}>
      {t("nextStep.fixLink", { criterionId })}
    </Link>
  );
}

/**
 * The product page's "what to do next": the first open blocker of the server's readiness (the same the package and
 * sign-off enforce) with a link to where it is fixed, and the progress over the checklist's criteria.
 */
export function NextStep({ productId, canEdit }: { productId: string; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const [step, setStep] = useState<Step | null>(null);
  const load = useFormAction();
  const loadRun = load.run;
  const reload = useCallback(() => {
    void loadRun(() =>
      ok(client.GET("/api/products/{productId}/next-step", { params: { path: { productId } } })),
    ).then((r) => r.ok && setStep(r.value));
  }, [productId, loadRun]);
  useEffect(reload, [reload]);
  if (!step) return <FormError failure={load.failure} />;
  const { counts } = step;
  return (
    <section className="panel next-step" aria-labelledby="next-step-heading" data-testid="next-step">
      <h2 id="next-step-heading">{t("nextStep.title")}</h2>
      <p>
        <label htmlFor="next-step-progress">{t("nextStep.progressLabel")}</label>{" "}
        <progress id="next-step-progress" max={counts.total} value={counts.ready}>
          {counts.ready}/{counts.total}
        </progress>{" "}
        <span data-testid="next-step-progress">
          {t("nextStep.progress", { ready: counts.ready, total: counts.total })}
        </span>
      </p>
      <p data-testid="next-step-text">
        {t(`nextStep.${step.kind}`, { total: counts.total })}
        {step.blocker && step.kind !== "start_assessment" ? (
          <>
            {" "}
            <strong>{pick(step.blocker.message, i18n.language)}</strong>
          </>
        ) : null}
      </p>
      <p>
        <StepLink step={step} productId={productId} canEdit={canEdit} onStarted={reload} />
      </p>
      {step.openBlockers > 1 && step.kind !== "start_assessment" ? (
        <p className="meta">{t("nextStep.open", { count: step.openBlockers - 1 })}</p>
      ) : null}
    </section>
  );
}
