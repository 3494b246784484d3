import type { Schemas } from "./client.ts";
import type { paths } from "./schema.gen.ts";

/** Shapes of the application lifecycle API (apps/server/src/schemas-applications.ts), from the document. */

export type ApplicationState = Schemas["Application"]["state"];

export type StepAction = Schemas["ApplicationView"]["nextActions"][number];

export type Fee = Schemas["Fee"];

export type Attachment = Schemas["ApplicationEvent"]["attachments"][number];

export type ApplicationEvent = Schemas["ApplicationEvent"];

export type Application = Schemas["Application"];

export type Snapshot = Schemas["ApplicationSnapshot"];

export type ApplicationView = Schemas["ApplicationView"];

/** The body of a step (POST …/transitions), the same for makers and operators. */
export type TransitionBody =
  paths["/api/applications/{applicationId}/transitions"]["post"]["requestBody"]["content"]["application/json"];

export type ApplicationInfo = Schemas["ApplicationInfo"];

/** The registry side's settings (GET/PUT /api/operator/registry-settings; a PUT may send only some fields). */
export type RegistrySettings = Schemas["RegistrySettings"];

export function yen(amount: number, lang: string): string {
  return new Intl.NumberFormat(lang === "en" ? "en-JP" : "ja-JP", {
    style: "currency",
    currency: "JPY",
  }).format(amount);
}
