import { apiUrl, client, ok, type Schemas } from "./client.ts";

/** Shapes of the publish settings API (GET/PUT /api/products/{productId}/publication). */

export const PUBLICATION_FIELDS = [
  "modelNumbers",
  "supportPeriod",
  "latestFirmware",
  "vulnerabilityContact",
  "updateProcedure",
  "label",
] as const;
export type PublicationField = (typeof PUBLICATION_FIELDS)[number] & keyof Publication["show"];

/** The publish settings and their version (GET/PUT /api/products/{productId}/publication). */
export type Publication = Schemas["ProductPublication"];

/** What a PUT sends: the settings without the read-only parts, and the version it was read at. */
export type PublicationSettings = Omit<Publication, "productId" | "updatedAt">;

/** A label of the public registry (GET /api/registry/labels). */
export type PublicLabel = Schemas["PublicLabel"];

/** The server-rendered product security information page of a product. */
export function productPagePath(p: { slug: string | null; productId: string }): string {
  return `/p/${encodeURIComponent(p.slug ?? p.productId)}`;
}

/** The public links of a label issued by this instance's registry (public endpoints, no sign-in, no org). */
export function labelLinks(registrationNumber: string) {
  const path = { path: { registrationNumber } };
  return {
    page: `/registry/${encodeURIComponent(registrationNumber)}`,
    svg: apiUrl("get", "/api/registry/labels/{registrationNumber}/label.svg", path),
    png: apiUrl("get", "/api/registry/labels/{registrationNumber}/label.png", path),
    payload: apiUrl("get", "/api/registry/labels/{registrationNumber}/payload", path),
  };
}

/**
 * The labels of one product in this instance's public registry (searched by name, matched by product id).
 * Revalidated each time (`no-cache`): the public answer may be held for a minute, and a label may just have
 * been issued. An empty list when the registry cannot be asked.
 */
export async function productLabels(product: { id: string; name: string }): Promise<PublicLabel[]> {
  try {
    const body = await ok(
      client.GET("/api/registry/labels", {
        params: { query: { q: product.name.trim().slice(0, 100), limit: "100" } },
        cache: "no-cache",
      }),
    );
    return body.items.filter((l) => l.productId === product.id);
  } catch {
    return [];
  }
}
