import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { transitionSchema } from "./application.schema.ts";
import { type ApplicationView, getApplication, getApplicationRow } from "./application.ts";
import { applyStep } from "./step.ts";

/** A maker takes (or records IPA's) next step of an application of their organisation. */
export async function transitionApplication(
  deps: CoreDeps,
  ctx: RequestContext,
  id: string,
  input: unknown,
): Promise<ApplicationView> {
  const req = parseOrThrow(transitionSchema, input);
  await deps.db.transaction().execute(async (trx) => {
    const row = await getApplicationRow(trx, ctx, id);
    await applyStep(deps, trx, row, { kind: "maker", id: ctx.actor.id, name: ctx.actor.name }, req, ctx.lang);
  });
  return getApplication(deps, ctx, id);
}
