/** Maker side: what a maker publishes on its product security information page. */
export interface ProductPublicationTable {
  product_id: string;
  org_id: string;
  slug: string | null;
  published: number;
  /** JSON: PublicationSettings (fields shown and their texts). */
  settings: string;
  version: number;
  updated_at: string;
}
