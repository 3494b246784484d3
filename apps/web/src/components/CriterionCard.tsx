import { useTranslation } from "react-i18next";
import { inLang } from "../api/evidence-text.ts";
import type {
  Criterion,
  CriterionResult,
  Evidence,
  EvidenceField,
  Guide,
  ReadinessCriterion,
} from "../api/types.ts";
import { pick } from "../i18n/index.ts";
import { EvidenceFiles } from "./EvidenceFiles.tsx";
import { evidenceLabel } from "./EvidenceForms.tsx";
import type { Failure } from "./form-action.ts";
import { GuidedTest } from "./GuidedTest.tsx";
import { tileState } from "./ReadinessTiles.tsx";
import { UnverifiedMark } from "./UnverifiedMark.tsx";
import { VerdictForm } from "./VerdictForm.tsx";

function Fields({
  title,
  fields,
  lang,
}: {
  title: string;
  fields: EvidenceField[] | undefined;
  lang: string;
}) {
  const { t } = useTranslation();
  if (!fields?.length) return null;
  return (
    <div>
      <h4>{title}</h4>
      <ul className="compact">
        {fields.map((f) => (
          <li key={f.field}>
            {pick(f.label, lang)}
            {f.required ? <span className="required"> ({t("common.required")})</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

type Props = {
  assessmentId: string;
  productId: string;
  criterion: Criterion;
  result: CriterionResult;
  readiness: ReadinessCriterion | undefined;
  evidence: Evidence[];
  /** Evidence of this product (the picker's default scope). */
  productEvidenceIds: ReadonlySet<string>;
  canEdit: boolean;
  /** The guided manual test of this criterion, when there is one. */
  guide?: Guide | undefined;
  /** Proposed tester of a guided test (the signed-in user). */
  tester?: string;
  onEvidenceCreated: (evidence: Evidence) => void;
  onSaved: () => Promise<void>;
  onConflict: (failure: Failure) => Promise<void>;
};

/** One criterion: what it asks, how it is assessed, what is recorded, what still blocks it, and the verdict form. */
export function CriterionCard(props: Props) {
  const { t, i18n } = useTranslation();
  const { criterion: c, result, readiness } = props;
  const lang = i18n.language;
  const state = readiness ? tileState(readiness) : "not_assessed";
  const headingId = `criterion-${c.id}-title`;
  return (
    <article
      id={`criterion-${c.id}`}
      className={`criterion card state-${state}`}
      aria-labelledby={headingId}
      data-testid="criterion"
    >
      <h3 id={headingId}>
        <span className="mono">{c.id}</span> {pick(c.title, lang)}
        <span className={`badge tile-${state}`} data-testid="criterion-state">
          {t(`tiles.${state}`)}
        </span>
      </h3>
      <p>
        {pick(c.summary, lang)} <UnverifiedMark {...c.facts.requirement} />
      </p>
      <dl className="facts">
        <dt>{t("criterion.method")}</dt>
        <dd>
          {t(`methods.${c.method}`)} <UnverifiedMark {...c.facts.method} />
        </dd>
        <dt>{t("criterion.naCondition")}</dt>
        <dd>
          {c.notApplicableWhen ? pick(c.notApplicableWhen, lang) : t("criterion.naNever")}
          {c.facts.notApplicable ? (
            <>
              {" "}
              <UnverifiedMark {...c.facts.notApplicable} />
            </>
          ) : null}
        </dd>
        {c.crosswalk.ukPstiDeemedMet && c.facts.ukPstiDeemedMet ? (
          <>
            <dt>{t("criterion.ukPstiDeemedMet")}</dt>
            <dd>
              {t("criterion.ukPstiDeemedMetValue")} <UnverifiedMark {...c.facts.ukPstiDeemedMet} />
            </dd>
          </>
        ) : null}
      </dl>
      <details className="guidance">
        <summary>{t("criterion.evidenceNeeded")}</summary>
        <Fields title={t("evidence.document")} fields={c.evidence.document} lang={lang} />
        <Fields title={t("evidence.deviceTest")} fields={c.evidence.device} lang={lang} />
        {c.evidence.hints ? (
          <>
            <h4>{t("criterion.hints")}</h4>
            <p>{pick(c.evidence.hints, lang)}</p>
          </>
        ) : null}
      </details>
      <h4>{t("criterion.recorded")}</h4>
      <dl className="facts">
        <dt>{t("verdict.state")}</dt>
        <dd>{t(`states.${result.state}`)}</dd>
        {result.naReason ? (
          <>
            <dt>{t("verdict.naReason")}</dt>
            <dd>{result.naReason}</dd>
          </>
        ) : null}
        {result.notes ? (
          <>
            <dt>{t("verdict.notes")}</dt>
            <dd>{result.notes}</dd>
          </>
        ) : null}
        <dt>{t("criterion.linkedEvidence")}</dt>
        <dd>
          {result.evidence.length === 0 ? (
            t("verdict.noneLinked")
          ) : (
            <ul className="compact">
              {result.evidence.map((e) => (
                <li key={e.id} data-testid="linked-evidence">
                  {evidenceLabel(e, t, i18n.language)}
                  {e.deviceTestResult ? (
                    <>
                      {" "}
                      <span className={`badge verdict-${e.deviceTestResult.verdict.toLowerCase()}`}>
                        {e.deviceTestResult.verdict}
                      </span>
                      <br />
                      <span className="meta">{inLang(e, i18n.language).deviceTest?.resultSummary}</span>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {props.canEdit && props.guide ? (
        <GuidedTest
          guide={props.guide}
          productId={props.productId}
          criterionId={c.id}
          defaultTester={props.tester ?? ""}
          onFiled={props.onSaved}
        />
      ) : null}
      <EvidenceFiles
        productId={props.productId}
        criterionId={c.id}
        method={c.method}
        evidence={result.evidence}
        canEdit={props.canEdit}
        onChanged={props.onSaved}
      />
      {result.needsReview ? <p className="notice">{t("criterion.needsReview")}</p> : null}
      {readiness && readiness.blockers.length > 0 ? (
        <ul className="blockers" aria-label={t("criterion.blockers")}>
          {readiness.blockers.map((b) => (
            <li key={b.code}>{pick(b.message, lang)}</li>
          ))}
        </ul>
      ) : null}
      {readiness?.deemedMet ? <p className="notice">{t("criterion.deemedMet")}</p> : null}
      {props.canEdit ? (
        <VerdictForm
          key={result.version}
          assessmentId={props.assessmentId}
          criterion={c}
          result={result}
          evidence={props.evidence}
          productEvidenceIds={props.productEvidenceIds}
          onEvidenceCreated={props.onEvidenceCreated}
          onSaved={props.onSaved}
          onConflict={props.onConflict}
        />
      ) : null}
    </article>
  );
}
