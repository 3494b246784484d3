/**
 * Shapes of the jcstar JSON API, all from the server's OpenAPI document (schema.gen.ts, `npm run gen:api`). The
 * lists below are what forms offer; each is checked by tsc to name every member of the documented union, no more.
 */

import type { Schemas } from "./client.ts";
import type { paths } from "./schema.gen.ts";

/** A list naming every member of the documented union T and nothing else (tsc fails on a missing or extra one). */
function every<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): L => list;
}

export type I18nText = Schemas["I18nText"];
export type Lang = keyof I18nText;

export type ProductCategory = Schemas["Product"]["category"];
export const PRODUCT_CATEGORIES = every<ProductCategory>()([
  "camera",
  "router",
  "home-appliance",
  "sensor",
  "other",
]);
export type Route = Schemas["Product"]["defaultRoute"];
export const ROUTES = every<Route>()(["standard", "psti"]);
export type Interface = Schemas["Product"]["connectivity"]["interfaces"][number];
export const INTERFACES = every<Interface>()([
  "ethernet",
  "wifi",
  "cellular-lpwa",
  "cellular",
  "ble",
  "zigbee",
  "usb",
  "other",
]);
export type CriterionState = Schemas["CriterionResult"]["state"];
export const CRITERION_STATES = every<CriterionState>()([
  "conformant",
  "not_applicable",
  "non_conformant",
  "not_assessed",
]);
export type Method = Schemas["Criterion"]["method"];
export type OrgRole = Schemas["Membership"]["role"];
export const ORG_ROLES = every<OrgRole>()(["viewer", "editor", "owner"]);
export type InstanceRole = Schemas["User"]["instanceRole"];

export type Connectivity = Schemas["Product"]["connectivity"];

export type Product = Schemas["Product"];

export type ModelNumber = Schemas["ModelNumber"];

export type FirmwareRelease = Schemas["FirmwareRelease"];

export type EvidenceField = Schemas["EvidenceField"];

export type Criterion = Schemas["Criterion"];

export type Evidence = Schemas["Evidence"];

/** A guided manual test of one criterion (GET /api/guides; the same data `jcstar probe guide` walks). */
export type Guide = Schemas["Guide"];

/** The kinds of an uploaded file (the upload's documented `kind` query parameter). */
export type FileKind = NonNullable<paths["/api/evidence/files"]["post"]["parameters"]["query"]>["kind"];
export const FILE_KINDS = every<FileKind>()([
  "photo",
  "video",
  "screenshot",
  "log",
  "document",
  "probe-result",
  "other",
]);

export type VerifyProblem = Schemas["VerifyReport"]["problems"][number];
export type VerifyReport = Schemas["VerifyReport"];

export type CriterionResult = Schemas["CriterionResult"];

export type Blocker = Schemas["Blocker"];

export type ReadinessCriterion = Schemas["Readiness"]["criteria"][number];

export type Readiness = Schemas["Readiness"];

export type AssessmentSummary = Schemas["AssessmentSummary"];

export type Assessment = Schemas["Assessment"];

export type User = Schemas["User"];
export type Membership = Schemas["Membership"];
export type Me = Schemas["Me"];

export type ApiToken = Schemas["ApiToken"];

export type Member = Schemas["Member"];

export type AdminUser = Schemas["AdminUser"];
