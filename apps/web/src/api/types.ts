/** Shapes of the jcstar JSON API (see GET /api/openapi.json); the migrated ones come from schema.gen.ts. */

import type { Schemas } from "./client.ts";

export type I18nText = { ja: string; en: string };
export type Lang = "ja" | "en";

export const PRODUCT_CATEGORIES = ["camera", "router", "home-appliance", "sensor", "other"] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];
export const ROUTES = ["standard", "psti"] as const;
export type Route = (typeof ROUTES)[number];
export const INTERFACES = [
  "ethernet",
  "wifi",
  "cellular-lpwa",
  "cellular",
  "ble",
  "zigbee",
  "usb",
  "other",
] as const;
export type Interface = (typeof INTERFACES)[number];
export const CRITERION_STATES = ["conformant", "not_applicable", "non_conformant", "not_assessed"] as const;
export type CriterionState = (typeof CRITERION_STATES)[number];
export type Method = "document" | "device" | "both";
export const ORG_ROLES = ["viewer", "editor", "owner"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export type InstanceRole = "none" | "operator" | "admin";

export type Connectivity = Schemas["Product"]["connectivity"];

export type Product = Schemas["Product"];

export type ModelNumber = Schemas["ModelNumber"];

export type FirmwareRelease = Schemas["FirmwareRelease"];

export type EvidenceField = { field: string; required: boolean; label: I18nText };

export type Criterion = Schemas["Criterion"];

export type Evidence = Schemas["Evidence"];

/** A guided manual test of one criterion (GET /api/guides; the same data `jcstar probe guide` walks). */
export type Guide = Schemas["Guide"];

export const FILE_KINDS = [
  "photo",
  "video",
  "screenshot",
  "log",
  "document",
  "probe-result",
  "other",
] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export type EvidenceFile = { sha256: string; size: number; mediaType: string; originalName: string | null };

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
