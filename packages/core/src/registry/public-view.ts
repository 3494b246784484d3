import type { Db } from "../db/create-db.ts";
import type { I18nText } from "../i18n/text.ts";
import { findLabelRow, type Label, toLabel } from "../labels/label.ts";
import { type Publication, toPublication } from "./publication.ts";

/**
 * The product security information a page shows: only what the maker chose to publish. Product and maker
 * always show (they are on the label); every other field is absent unless its switch is on.
 */
export type ProductSecurityInfo = {
  productId: string;
  product: string;
  maker: string;
  modelNumbers?: string[];
  supportEndDate?: string | null;
  latestFirmware?: {
    version: string;
    releasedOn: string;
    notes: string | null;
    securityFixes: string[];
  } | null;
  vulnerabilityContact?: string | null;
  vulnerabilityPolicyUrl?: string | null;
  securityTxtUrl?: string | null;
  updateProcedure?: I18nText | null;
  /** The product's labels (newest first) when the maker publishes them. */
  labels?: Label[];
};

async function publishedInfo(
  db: Db,
  publication: Publication,
  now: Date,
): Promise<ProductSecurityInfo | null> {
  const product = await db
    .selectFrom("products")
    .innerJoin("organisations", "organisations.id", "products.org_id")
    .select(["products.id", "products.name", "products.support_end_date", "organisations.name as maker"])
    .where("products.id", "=", publication.productId)
    .executeTakeFirst();
  if (!product) return null;
  const show = publication.show;
  const info: ProductSecurityInfo = { productId: product.id, product: product.name, maker: product.maker };
  if (show.modelNumbers) {
    const rows = await db
      .selectFrom("model_numbers")
      .select("model_number")
      .where("product_id", "=", product.id)
      .orderBy("model_number")
      .execute();
    info.modelNumbers = rows.map((r) => r.model_number);
  }
  if (show.supportPeriod) info.supportEndDate = product.support_end_date;
  if (show.latestFirmware) {
    const release = await db
      .selectFrom("firmware_releases")
      .select(["version", "released_on", "notes", "security_fixes"])
      .where("product_id", "=", product.id)
      .orderBy("released_on", "desc")
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    info.latestFirmware = release
      ? {
          version: release.version,
          releasedOn: release.released_on,
          notes: release.notes,
          securityFixes: JSON.parse(release.security_fixes) as string[],
        }
      : null;
  }
  if (show.vulnerabilityContact) {
    info.vulnerabilityContact = publication.vulnerabilityContact;
    info.vulnerabilityPolicyUrl = publication.vulnerabilityPolicyUrl;
    info.securityTxtUrl = publication.securityTxtUrl;
  }
  if (show.updateProcedure) info.updateProcedure = publication.updateProcedure;
  if (show.label) {
    const rows = await db
      .selectFrom("labels")
      .selectAll()
      .where("product_id", "=", product.id)
      .orderBy("issued_at", "desc")
      .execute();
    info.labels = rows.map((r) => toLabel(r, now));
  }
  return info;
}

async function publicationBy(db: Db, column: "slug" | "product_id", value: string) {
  const row = await db
    .selectFrom("product_publications")
    .selectAll()
    .where(column, "=", value)
    .where("published", "=", 1)
    .executeTakeFirst();
  return row ? toPublication(row) : null;
}

/** The maker's product security information page (/p/{slugOrId}); null when not published. */
export async function productPageView(
  db: Db,
  slugOrId: string,
  now: Date,
): Promise<ProductSecurityInfo | null> {
  const publication =
    (await publicationBy(db, "slug", slugOrId)) ?? (await publicationBy(db, "product_id", slugOrId));
  return publication ? publishedInfo(db, publication, now) : null;
}

/** A registry page: the label, and the product's published security information when it has some. */
export async function labelPageView(
  db: Db,
  registrationNumber: string,
  now: Date,
): Promise<{ label: Label; info: ProductSecurityInfo | null; productPage: string | null } | null> {
  const row = await findLabelRow(db, registrationNumber);
  if (!row) return null;
  const label = toLabel(row, now);
  const publication = row.product_id ? await publicationBy(db, "product_id", row.product_id) : null;
  const info = publication ? await publishedInfo(db, publication, now) : null;
  if (info) delete info.labels; // the page is about this label
  return { label, info, productPage: publication ? `/p/${publication.slug ?? publication.productId}` : null };
}
