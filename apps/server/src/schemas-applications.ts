import { z } from "@hono/zod-openapi";
import { ACTIONS, APPLICATION_STATES, CHANNELS, CONFIDENCES, IPA_LABEL_STATUSES, ROUTES } from "@jcstar/core";
import { factSources, i18nText, sourceRef } from "./schemas.ts";

/** Response shapes of the application lifecycle and the operator console (OpenAPI). */

export const fee = z
  .object({
    amount: z.number().int(),
    currency: z.literal("JPY"),
    taxIncluded: z.boolean(),
    label: i18nText,
    basis: z.string(),
    estimated: z.boolean(),
    sources: z.array(sourceRef),
    /** The "unverified" mark's words when the fee rests on no official source, else null. */
    unverifiedMark: z.union([i18nText, z.null()]),
  })
  .openapi("Fee");

const attachment = z.object({
  id: z.string(),
  title: z.string(),
  titles: z
    .union([i18nText, z.null()])
    .openapi({ description: "The title in ja and en when the server wrote it" }),
  fileName: z.string().nullable(),
  mediaType: z.string().nullable(),
  size: z.number().nullable(),
  sha256: z.string().nullable(),
});

export const applicationEvent = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    action: z.enum([...ACTIONS, "created"]),
    fromState: z.enum(APPLICATION_STATES),
    toState: z.enum(APPLICATION_STATES),
    occurredOn: z.string(),
    at: z.string(),
    actor: z.object({
      id: z.string().nullable(),
      name: z.string(),
      kind: z.enum(["maker", "operator", "system"]),
    }),
    note: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    attachments: z.array(attachment),
  })
  .openapi("ApplicationEvent");

export const application = z
  .object({
    id: z.string(),
    orgId: z.string(),
    productId: z.string(),
    productName: z.string(),
    assessmentId: z.string(),
    route: z.enum(ROUTES),
    channel: z.enum(CHANNELS),
    state: z.enum(APPLICATION_STATES),
    modelNumbers: z.array(z.string()),
    applicationNumber: z.string().nullable(),
    registrationNumber: z.string().nullable(),
    registrationKey: z.string().nullable(),
    acceptanceNumber: z.string().nullable(),
    provisionalNumber: z.string().nullable(),
    snapshotHash: z.string().nullable(),
    submittedOn: z.string().nullable(),
    acceptedOn: z.string().nullable(),
    expectedAcceptanceOn: z.string().nullable(),
    fee: z.union([fee, z.null()]),
    labelIssuedOn: z.string().nullable(),
    labelExpiresOn: z.string().nullable(),
    labelStatus: z.enum(IPA_LABEL_STATUSES).nullable(),
    graceEndsOn: z.string().nullable(),
    labelEvidenceId: z.string().nullable(),
    renewalOf: z.string().nullable(),
    since: z.string(),
    overdueOn: z.string().nullable(),
    turn: z
      .object({
        party: z.enum(["maker", "operator", "ipa"]).nullable(),
        action: z.enum(ACTIONS).nullable(),
      })
      .openapi("Turn"),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Application");

const snapshot = z
  .object({
    takenAt: z.string(),
    signOff: z.object({
      kind: z.enum(["assessment", "signed-snapshot"]),
      id: z.string(),
      version: z.string(),
    }),
    catalogVersion: z.string(),
    route: z.string(),
    product: z.object({ id: z.string(), name: z.string() }),
    modelNumbers: z.array(z.string()),
    readiness: z.object({
      ready: z.boolean(),
      counts: z.object({ total: z.number(), ready: z.number(), blocked: z.number(), deemedMet: z.number() }),
    }),
    results: z.array(
      z.object({
        criterionId: z.string(),
        state: z.string(),
        deemedMet: z.boolean(),
        naReason: z.string().nullable(),
        evidence: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            revision: z.number(),
            sha256: z.string().nullable(),
            type: z.enum(["document", "device_test"]).optional(),
            titles: z.union([i18nText, z.null()]).optional(),
            testKey: z.string().nullable().optional(),
            verdict: z.string().nullable().optional(),
            testedOn: z.string().nullable().optional(),
            fileName: z.string().nullable().optional(),
          }),
        ),
      }),
    ),
  })
  .openapi("ApplicationSnapshot");

export const applicationView = application
  .extend({
    lifecycleFacts: z.object({
      labelStatus: factSources,
      validity: factSources,
      grace: factSources,
      extension: factSources,
      extensionFee: factSources,
      expectedAcceptance: factSources,
    }),
    snapshot: z.union([snapshot, z.null()]),
    events: z.array(applicationEvent),
    notices: z.array(
      z.object({
        kind: z.enum(["change_notice", "report"]),
        occurredOn: z.string(),
        note: z.string().nullable(),
        attachments: z.array(attachment),
        eventId: z.string(),
      }),
    ),
    nextActions: z.array(z.enum(ACTIONS)),
    noteRequired: z
      .array(z.enum(ACTIONS))
      .openapi({ description: "The next steps whose form needs a note (reason or message)" }),
  })
  .openapi("ApplicationView");

export const queuedApplication = application.extend({ orgName: z.string() }).openapi("QueuedApplication");
export const operatorApplicationView = applicationView
  .extend({ orgName: z.string() })
  .openapi("OperatorApplicationView");

export const applicationInfo = z
  .object({
    fees: z.array(
      z.object({
        level: z.number(),
        route: z.enum(ROUTES),
        from: z.string().nullable(),
        until: z.string().nullable(),
        amount: z.number(),
        label: i18nText,
      }),
    ),
    extensionFees: z.array(
      z.object({
        level: z.number(),
        from: z.string().nullable(),
        until: z.string().nullable(),
        amount: z.number().nullable(),
        toBeConfirmed: z.boolean(),
        label: i18nText,
        confidence: z.enum(CONFIDENCES),
      }),
    ),
    graceDays: z.array(
      z.object({
        from: z.string().nullable(),
        until: z.string().nullable(),
        days: z.number(),
        confidence: z.enum(CONFIDENCES),
      }),
    ),
    acceptanceDays: z.number(),
    labelValidityYears: z.number(),
    registry: z.object({ enabled: z.boolean(), programme: z.enum(["sandbox", "private"]), name: z.string() }),
  })
  .openapi("ApplicationInfo");
