/** Shapes of the publish settings API (GET/PUT /api/products/{productId}/publication). */

export const PUBLICATION_FIELDS = [
  "modelNumbers",
  "supportPeriod",
  "latestFirmware",
  "vulnerabilityContact",
  "updateProcedure",
  "label",
] as const;
export type PublicationField = (typeof PUBLICATION_FIELDS)[number];

export type PublicationSettings = {
  published: boolean;
  /** The page address /p/{slug}; without one the page is at /p/{productId}. */
  slug: string | null;
  show: Record<PublicationField, boolean>;
  vulnerabilityContact: string | null;
  vulnerabilityPolicyUrl: string | null;
  securityTxtUrl: string | null;
  updateProcedure: { ja: string; en: string } | null;
};

export type Publication = PublicationSettings & {
  productId: string;
  /** 0 before the first save. */
  version: number;
  updatedAt: string | null;
};

/** A label of the public registry (GET /api/registry/labels). */
export type PublicLabel = {
  registrationNumber: string;
  product: string;
  productId: string | null;
  status: "valid" | "expired" | "revoked";
  validUntil: string;
};

/** The server-rendered product security information page of a product. */
export function productPagePath(p: { slug: string | null; productId: string }): string {
  return `/p/${encodeURIComponent(p.slug ?? p.productId)}`;
}

/** The public links of a label issued by this instance's registry (public endpoints, no sign-in). */
export function labelLinks(registrationNumber: string) {
  const n = encodeURIComponent(registrationNumber);
  return {
    page: `/registry/${n}`,
    svg: `/api/registry/labels/${n}/label.svg`,
    png: `/api/registry/labels/${n}/label.png`,
    payload: `/api/registry/labels/${n}/payload`,
  };
}

/**
 * The labels of one product in this instance's public registry (searched by name, matched by product id).
 * Revalidated each time (`no-cache`): the public answer may be held for a minute, and a label may just have
 * been issued. An empty list when the registry cannot be asked.
 */
export async function productLabels(product: { id: string; name: string }): Promise<PublicLabel[]> {
  const q = encodeURIComponent(product.name.trim().slice(0, 100));
  try {
    const response = await fetch(`/api/registry/labels?q=${q}&limit=100`, {
      cache: "no-cache",
      headers: { accept: "application/json" },
    });
    if (!response.ok) return [];
    const body = (await response.json()) as { items: PublicLabel[] };
    return body.items.filter((l) => l.productId === product.id);
  } catch {
    return [];
  }
}
