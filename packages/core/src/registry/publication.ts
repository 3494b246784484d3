import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { getProduct } from "../product/product.ts";

const httpsUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s<>"']+$/, "an http(s) URL");
const localText = z.string().trim().max(4000);

/**
 * Maker side: what the product security information page shows. Every field is off until the maker
 * chooses to publish it; the page itself is served only when `published` is true.
 */
export const publicationSettingsSchema = z
  .object({
    published: z.boolean(),
    /** The page address /p/{slug}; without one the page is at /p/{productId}. */
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "lower-case letters, digits and -")
      .nullable(),
    show: z
      .object({
        modelNumbers: z.boolean(),
        supportPeriod: z.boolean(),
        latestFirmware: z.boolean(),
        vulnerabilityContact: z.boolean(),
        updateProcedure: z.boolean(),
        label: z.boolean(),
      })
      .strict(),
    /** An e-mail address or URL to report vulnerabilities to. */
    vulnerabilityContact: z.string().trim().max(300).nullable(),
    vulnerabilityPolicyUrl: httpsUrl.nullable(),
    securityTxtUrl: httpsUrl.nullable(),
    updateProcedure: z.object({ ja: localText, en: localText }).strict().nullable(),
  })
  .strict();
export type PublicationSettings = z.output<typeof publicationSettingsSchema>;

export const publicationUpdateSchema = publicationSettingsSchema.extend({
  /** The version read (0 before the first save). */
  version: z.number().int().min(0),
});

export type Publication = PublicationSettings & {
  productId: string;
  version: number;
  updatedAt: string | null;
};

export const DEFAULT_PUBLICATION: PublicationSettings = {
  published: false,
  slug: null,
  show: {
    modelNumbers: false,
    supportPeriod: false,
    latestFirmware: false,
    vulnerabilityContact: false,
    updateProcedure: false,
    label: false,
  },
  vulnerabilityContact: null,
  vulnerabilityPolicyUrl: null,
  securityTxtUrl: null,
  updateProcedure: null,
};

export function toPublication(row: {
  product_id: string;
  slug: string | null;
  published: number;
  settings: string;
  version: number;
  updated_at: string;
}): Publication {
  const settings = publicationSettingsSchema.parse({
    ...(JSON.parse(row.settings) as object),
    published: Number(row.published) === 1,
    slug: row.slug,
  });
  return { ...settings, productId: row.product_id, version: Number(row.version), updatedAt: row.updated_at };
}

export async function getPublication(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
): Promise<Publication> {
  await getProduct(deps, ctx, productId);
  const row = await deps.db
    .selectFrom("product_publications")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  return row ? toPublication(row) : { ...DEFAULT_PUBLICATION, productId, version: 0, updatedAt: null };
}

/** Saves the publish settings (optimistic `version`), with an audit entry in the same transaction. */
export async function putPublication(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
): Promise<Publication> {
  const { version, ...settings } = parseOrThrow(publicationUpdateSchema, input);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const current = await getPublication({ db: trx }, ctx, productId);
      if (current.version !== version)
        throw new AppError("VERSION_CONFLICT", { current: current.version, sent: version });
      const { published, slug, ...rest } = settings;
      const values = {
        slug,
        published: published ? 1 : 0,
        settings: JSON.stringify(rest),
        version: version + 1,
        updated_at: deps.now().toISOString(),
      };
      if (version === 0) {
        await trx
          .insertInto("product_publications")
          .values({ product_id: productId, org_id: ctx.orgId, ...values })
          .execute();
      } else {
        const result = await trx
          .updateTable("product_publications")
          .set(values)
          .where("product_id", "=", productId)
          .where("org_id", "=", ctx.orgId)
          .where("version", "=", version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1)
          throw new AppError("VERSION_CONFLICT", { current: "?", sent: version });
      }
      await appendAudit(
        trx,
        {
          orgId: ctx.orgId,
          actor: ctx.actor.name,
          action: "publication.update",
          entityType: "product",
          entityId: productId,
          data: { ...settings, version: version + 1 },
        },
        deps.now(),
      );
      return getPublication({ db: trx }, ctx, productId);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      // The product's row was created by someone else meanwhile (version 0 twice), or the slug is taken.
      if (version === 0 && settings.slug === null)
        throw new AppError("VERSION_CONFLICT", { current: "?", sent: 0 });
      throw new AppError("ALREADY_EXISTS", {
        entity: ctx.lang === "ja" ? "公開アドレス" : "Page address",
        key: settings.slug ?? "",
      });
    }
    throw error;
  }
}
