import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import type { Evidence, Guide } from "../api/types.ts";
import { type UploadMeta, uploadEvidenceFile } from "../api/vault.ts";
import { pick } from "../i18n/index.ts";
import { RadioGroup, TextField } from "./Field.tsx";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";
import { UploadStatus, useUpload } from "./UploadProgress.tsx";

type Result = "pass" | "fail" | "skip";
type Answer = { result: Result | ""; note: string; at: string; files: Evidence[] };

const EMPTY: Answer = { result: "", note: "", at: "", files: [] };

/** One step: the instruction, the result, a note and photos/videos uploaded into the vault at once. */
function Step({
  idPrefix,
  n,
  total,
  step,
  answer,
  productId,
  criterionId,
  onChange,
}: {
  idPrefix: string;
  n: number;
  total: number;
  step: Guide["steps"][number];
  answer: Answer;
  productId: string;
  criterionId: string;
  onChange: (answer: Answer) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const input = useRef<HTMLInputElement>(null);
  const { upload, failure, start, busy } = useUpload();
  const id = (f: string) => `${idPrefix}-${f}`;

  async function attach(file: File) {
    const kind = file.type.startsWith("video/")
      ? "video"
      : file.type.startsWith("image/")
        ? "photo"
        : "other";
    const meta: UploadMeta = {
      kind,
      summary: `${criterionId} ${step.id}`,
      productId,
      criteria: [criterionId],
    };
    const evidence = await start(file.name, (onProgress) => uploadEvidenceFile(file, meta, onProgress));
    if (input.current) input.current.value = "";
    if (evidence) onChange({ ...answer, files: [...answer.files, evidence] });
  }

  return (
    <fieldset className="guided-step" data-testid="guided-step" data-step={step.id}>
      <legend>
        {t("guided.step", { n, total })}: {pick(step.instruction, lang)}
      </legend>
      {step.evidence ? <p className="hint">{t("guided.keep", { what: pick(step.evidence, lang) })}</p> : null}
      <RadioGroup<Result | "">
        id={id("result")}
        label={t("guided.result")}
        value={answer.result}
        onChange={(result) => onChange({ ...answer, result, at: new Date().toISOString() })}
        options={[
          { value: "pass", label: t("guided.pass") },
          { value: "fail", label: t("guided.fail") },
          { value: "skip", label: t("guided.skip") },
        ]}
      />
      {answer.at ? <p className="meta">{t("guided.answeredAt", { at: answer.at })}</p> : null}
      <TextField
        id={id("note")}
        label={t("guided.note")}
        value={answer.note}
        onChange={(note) => onChange({ ...answer, note })}
        multiline
        maxLength={5000}
      />
      <div className="field">
        <label htmlFor={id("file")}>{t("guided.attach")}</label>
        <input
          ref={input}
          id={id("file")}
          name={id("file")}
          type="file"
          accept="image/*,video/*"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void attach(file);
          }}
        />
      </div>
      <UploadStatus id={id("upload")} upload={upload} failure={failure} />
      {answer.files.length > 0 ? (
        <ul className="compact" aria-label={t("guided.attached")} data-testid="guided-attached">
          {answer.files.map((f) => (
            <li key={f.id}>
              {f.file?.originalName ?? f.title}{" "}
              <span className="meta">
                ({f.file?.mediaType}, sha256 {f.file?.sha256.slice(0, 12)}…)
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

type Props = {
  guide: Guide;
  productId: string;
  criterionId: string;
  defaultTester: string;
  onFiled: () => Promise<void>;
};

/**
 * Walks a guided manual test in the page: per step the result, a note and attachments (streamed into the vault),
 * then files it with the tester and the times as device-test evidence of the criterion (readable ja/en reports).
 */
export function GuidedTest({ guide, productId, criterionId, defaultTester, onFiled }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [open, setOpen] = useState(false);
  const [tester, setTester] = useState(defaultTester);
  const [startedAt, setStartedAt] = useState("");
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [filed, setFiled] = useState<string | null>(null);
  const [testerError, setTesterError] = useState<string | undefined>(undefined);
  const { busy, failure, run } = useFormAction();
  const prefix = `c-${criterionId}-guided`;
  const unanswered = guide.steps.filter((s) => !answers[s.id]?.result).length;

  async function submit() {
    if (!tester.trim()) {
      setTesterError(t("guided.testerRequired"));
      return;
    }
    setTesterError(undefined);
    const body = {
      criterion: guide.criterion,
      tester: tester.trim(),
      startedAt: startedAt || new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      answers: guide.steps.flatMap((s) => {
        const a = answers[s.id];
        if (!a?.result) return [];
        return [
          {
            step: s.id,
            result: a.result,
            note: a.note,
            at: a.at,
            attachments: a.files.map((f) => ({ evidenceId: f.id })),
          },
        ];
      }),
    };
    const result = await run(() =>
      ok(client.POST("/api/products/{productId}/guided-tests", { params: { path: { productId } }, body })),
    );
    if (!result.ok) return;
    setFiled(t("guided.filed", { verdict: result.value.verdict }));
    setAnswers({});
    setStartedAt("");
    setOpen(false);
    await onFiled();
  }

  return (
    <section className="guided-test" aria-labelledby={`${prefix}-title`} data-testid="guided-test">
      <h4 id={`${prefix}-title`}>{t("guided.title", { title: pick(guide.title, lang) })}</h4>
      <FormSuccess message={filed} />
      {open ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p>{pick(guide.intro, lang)}</p>
          <p className="hint">{t("guided.intro")}</p>
          <TextField
            id={`${prefix}-tester`}
            label={t("guided.tester")}
            value={tester}
            onChange={setTester}
            required
            maxLength={200}
            error={testerError}
          />
          {guide.steps.map((step, i) => (
            <Step
              key={step.id}
              idPrefix={`${prefix}-${step.id}`}
              n={i + 1}
              total={guide.steps.length}
              step={step}
              answer={answers[step.id] ?? EMPTY}
              productId={productId}
              criterionId={criterionId}
              onChange={(a) => setAnswers((all) => ({ ...all, [step.id]: a }))}
            />
          ))}
          {unanswered > 0 ? <p className="notice">{t("guided.unanswered", { count: unanswered })}</p> : null}
          <FormError failure={failure} />
          <button type="submit" disabled={busy}>
            {t("guided.file")}
          </button>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => {
            setOpen(true);
            setFiled(null);
            setStartedAt(new Date().toISOString());
          }}
        >
          {t("guided.start")}
        </button>
      )}
    </section>
  );
}
