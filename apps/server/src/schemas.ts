import { z } from "@hono/zod-openapi";
import {
  CONFIDENCES,
  CRITERION_STATES,
  connectivitySchema,
  EVALUATION_METHODS,
  EVIDENCE_TYPES,
  PRODUCT_CATEGORIES,
  ROUTES,
} from "@jcstar/core";

/** Response shapes for the OpenAPI document. Request shapes come from @jcstar/core's own schemas. */

export const i18nText = z.object({ ja: z.string(), en: z.string() }).openapi("I18nText");

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "VALIDATION_FAILED" }),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
      /** VERSION_CONFLICT of a record that sends it: the record as it is now. */
      current: z.unknown().optional(),
    }),
  })
  .openapi("Error");

export function idParam<N extends string>(name: N) {
  const shape = {
    [name]: z
      .string()
      .min(1)
      .max(64)
      .openapi({ param: { name, in: "path" } }),
  } as Record<N, z.ZodString>;
  return z.object(shape);
}

export const langQuery = z.object({
  lang: z
    .enum(["ja", "en"])
    .optional()
    .openapi({ param: { name: "lang", in: "query" } }),
});

const evidenceField = z
  .object({ field: z.string(), required: z.boolean(), label: i18nText })
  .openapi("EvidenceField");

/** Where a scheme fact comes from (core's sourceRefSchema) and how sure jcstar is of it. */
export const sourceRef = z
  .object({
    title: z.string(),
    documentId: z.string().optional(),
    url: z.string().optional(),
    publisher: z.string(),
    date: z.string(),
    confidence: z.enum(CONFIDENCES),
    note: i18nText.optional(),
  })
  .openapi("SourceRef");

/** One fact's sources, and the "unverified" mark's words when none of them is official (else null). */
export const factSources = z
  .object({ sources: z.array(sourceRef), unverifiedMark: z.union([i18nText, z.null()]) })
  .openapi("FactSources");

export const criterion = z
  .object({
    id: z.string().openapi({ example: "S1.1-04" }),
    catalogVersion: z.string(),
    category: z.string(),
    categoryName: i18nText,
    title: i18nText,
    summary: i18nText,
    method: z.enum(EVALUATION_METHODS),
    // A union, not .nullable(): on a registered schema zod-to-openapi writes allOf [$ref, {type: [object, null]}].
    notApplicableWhen: z.union([i18nText, z.null()]),
    evidence: z.object({
      document: z.array(evidenceField).optional(),
      device: z.array(evidenceField).optional(),
      hints: i18nText.optional(),
    }),
    crosswalk: z.object({
      etsiEn303645: z.array(z.object({ provision: z.string(), topic: i18nText })),
      ukPstiDeemedMet: z.boolean(),
      notice: i18nText,
      sources: z.array(sourceRef),
    }),
    facts: z.object({
      requirement: factSources,
      method: factSources,
      notApplicable: z.union([factSources, z.null()]),
      ukPstiDeemedMet: z.union([factSources, z.null()]),
    }),
    document: z.object({
      checklist: i18nText,
      criteriaDocumentId: z.string().openapi({ example: "JST-CR-01-01-2024R1" }),
      criteriaDocumentDate: z.string(),
    }),
  })
  .openapi("Criterion");

export const catalogVersion = z
  .object({
    version: z.string(),
    level: z.number().int(),
    title: i18nText,
    publishedOn: z.string(),
    latest: z.boolean(),
    criteriaCount: z.number().int(),
    notice: i18nText,
  })
  .openapi("CatalogVersion");

export const product = z
  .object({
    id: z.string(),
    orgId: z.string(),
    name: z.string(),
    category: z.enum(PRODUCT_CATEGORIES),
    description: z.string().nullable(),
    connectivity: connectivitySchema,
    supportEndDate: z.string().nullable(),
    defaultRoute: z.enum(ROUTES),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Product");

export const modelNumber = z
  .object({
    id: z.string(),
    productId: z.string(),
    modelNumber: z.string(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("ModelNumber");

export const firmwareImage = z
  .object({
    id: z.string(),
    productId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("FirmwareImage");

export const firmwareRelease = z
  .object({
    id: z.string(),
    productId: z.string(),
    imageId: z.string().nullable(),
    version: z.string(),
    releasedOn: z.string(),
    notes: z.string().nullable(),
    securityFixes: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi("FirmwareRelease");

export const component = z
  .object({
    id: z.string(),
    productId: z.string(),
    imageId: z.string().nullable(),
    releaseId: z.string().nullable(),
    name: z.string(),
    version: z.string().nullable(),
    oss: z.boolean(),
    supplier: z.string().nullable(),
    license: z.string().nullable(),
    purl: z.string().nullable(),
    cpe: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Component");

export const evidence = z
  .object({
    id: z.string(),
    type: z.enum(EVIDENCE_TYPES),
    title: z.string(),
    document: z
      .object({
        documentName: z.string(),
        documentNumber: z.string().nullable(),
        documentVersion: z.string().nullable(),
        location: z.string().nullable(),
        url: z.string().nullable(),
      })
      .nullable(),
    deviceTest: z
      .object({ recordName: z.string(), resultSummary: z.string(), testedOn: z.string(), tester: z.string() })
      .nullable(),
    kind: z.string().nullable(),
    summary: z.string().nullable(),
    file: z
      .object({
        sha256: z.string(),
        size: z.number(),
        mediaType: z.string(),
        originalName: z.string().nullable(),
      })
      .nullable(),
    notes: z.string().nullable(),
    revision: z.number().int(),
    supersedesId: z.string().nullable(),
    retentionUntil: z.string().nullable(),
    deletedAt: z.string().nullable(),
    deviceTestResult: z.object({ key: z.string(), verdict: z.string() }).nullable().openapi({
      description: "Device tests filed from a probe run or a guided test: which test and its verdict",
    }),
    verification: z
      .object({ ok: z.boolean(), problem: z.string().nullable(), checkedAt: z.string() })
      .nullable()
      .openapi({ description: "Result of the last evidence verify; null when never verified" }),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    texts: z
      .object({
        title: i18nText.optional(),
        resultSummary: i18nText.optional(),
        summary: i18nText.optional(),
        location: i18nText.optional(),
      })
      .nullable()
      .optional()
      .openapi({
        description: "Server-written texts in ja and en (title, summaries, location); show the reader's",
      }),
    claim: z
      .object({ by: z.string().nullable(), at: z.string().nullable(), source: z.string() })
      .nullable()
      .optional()
      .openapi({
        description:
          "Imported from a bundle: the original author and time as the bundle claims them (quoted, unverified)",
      }),
  })
  .openapi("Evidence");

export const criterionResult = z
  .object({
    id: z.string(),
    criterionId: z.string(),
    state: z.enum(CRITERION_STATES),
    naReason: z.string().nullable(),
    notes: z.string().nullable(),
    needsReview: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
    evidence: z.array(evidence),
  })
  .openapi("CriterionResult");

export const blocker = z
  .object({ code: z.string(), criterionId: z.string(), message: i18nText })
  .openapi("Blocker");

export const readiness = z
  .object({
    ready: z.boolean(),
    catalogVersion: z.string(),
    route: z.enum(ROUTES),
    counts: z.object({ total: z.number(), ready: z.number(), blocked: z.number(), deemedMet: z.number() }),
    criteria: z.array(
      z.object({
        criterionId: z.string(),
        title: i18nText,
        method: z.enum(EVALUATION_METHODS),
        state: z.enum(CRITERION_STATES),
        deemedMet: z.boolean(),
        ready: z.boolean(),
        blockers: z.array(blocker),
      }),
    ),
    blockers: z.array(blocker),
  })
  .openapi("Readiness");

export const assessment = z
  .object({
    id: z.string(),
    productId: z.string(),
    catalogVersion: z.string(),
    migratedFrom: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("AssessmentSummary");

export const assessmentView = assessment
  .extend({ route: z.enum(ROUTES), results: z.array(criterionResult), readiness })
  .openapi("Assessment");

/** The error responses every route may give, for the OpenAPI document. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: `Error (${s})`, content: { "application/json": { schema: errorResponse } } },
    ]),
  );
}

export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    required: true,
    content: { "application/json": { schema } },
    ...(description ? { description } : {}),
  };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export const signoff = z
  .object({
    id: z.string(),
    productId: z.string(),
    assessmentId: z.string(),
    signerUserId: z.string().nullable(),
    signerName: z.string(),
    signerTitle: z.string(),
    signedAt: z.string(),
    route: z.enum(ROUTES),
    snapshotSha256: z.string(),
    supersededBy: z.string().nullable(),
    supersededAt: z.string().nullable(),
  })
  .openapi("Signoff");

export const signedSnapshot = signoff
  .extend({ snapshot: z.record(z.string(), z.unknown()).openapi({ description: "AssessmentSnapshot" }) })
  .openapi("SignedSnapshot");

export const signoffStatus = z
  .object({
    // A union, not signoff.nullable(): the nullable wrapper of a named schema made the component itself nullable.
    current: z.union([signoff, z.null()]),
    history: z.array(signoff),
    changedSinceSignOff: z.boolean(),
  })
  .openapi("SignoffStatus");

export const applicationForm = z
  .object({
    productId: z.string(),
    definitionVersion: z.string(),
    version: z.number().int(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    proxy: z.boolean(),
    sections: z.array(z.object({ id: z.string(), form: z.string(), title: i18nText, facts: factSources })),
    publishNote: i18nText,
    fields: z.array(
      z.object({
        id: z.string(),
        section: z.string(),
        label: i18nText,
        required: z.boolean(),
        publishable: z.boolean(),
        derived: z.boolean(),
        organisationValue: z.boolean(),
        value: z.string(),
        publish: z.boolean(),
        missing: z.boolean(),
        maxLength: z.number().nullable(),
        pattern: z.string().nullable(),
        input: z.enum(["postalCode"]).nullable().describe("How the server makes a typed value canonical"),
        facts: factSources,
      }),
    ),
    confirmations: z.array(
      z.object({
        id: z.string(),
        label: i18nText,
        applies: z.boolean(),
        checked: z.boolean(),
        missing: z.boolean(),
        facts: factSources,
      }),
    ),
    missing: z.array(z.object({ field: z.string(), label: i18nText })),
  })
  .openapi("ApplicationForm");

export const applicationPackage = z
  .object({
    id: z.string(),
    productId: z.string(),
    signoffId: z.string(),
    lang: z.string(),
    zipSha256: z.string(),
    size: z.number(),
    fileCount: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    manifest: z.record(z.string(), z.unknown()).openapi({ description: "PackageManifest" }),
  })
  .openapi("ApplicationPackage");

export const packageStatus = z
  .object({
    readiness,
    signoff: signoffStatus,
    canBuild: z.boolean(),
    packages: z.array(applicationPackage),
  })
  .openapi("PackageStatus");
