import { fileURLToPath } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from "openapi-typescript";
import { OPENAPI_PATH } from "./app.ts";
import { openTestApp } from "./test-app.ts";

/**
 * The web's API types, generated from the server's route definitions: the document the app serves at
 * /api/openapi.json, turned into `paths`/`components` types by openapi-typescript. `npm run gen:api` writes the
 * file; api-schema.test.ts regenerates it in memory and fails when the committed copy differs.
 */
export const API_SCHEMA_FILE = fileURLToPath(new URL("../../web/src/api/schema.gen.ts", import.meta.url));

const HEADER = `${COMMENT_HEADER}// Generated from the server's OpenAPI document by \`npm run gen:api\` (apps/server/src/api-schema.ts).\n\n`;

/** The OpenAPI document exactly as the app serves it (an app on a throw-away SQLite database). */
export async function servedOpenApiDocument(): Promise<OpenAPI3> {
  const t = await openTestApp("sqlite");
  try {
    const res = await t.app.request(OPENAPI_PATH);
    if (res.status !== 200) throw new Error(`GET ${OPENAPI_PATH} answered ${res.status}`);
    return (await res.json()) as OpenAPI3;
  } finally {
    await t.close();
  }
}

/** The text of schema.gen.ts for a document: deterministic (same document, same text). */
export async function apiSchemaSource(doc: OpenAPI3): Promise<string> {
  const ast = await openapiTS(structuredClone(doc), { silent: true });
  return `${HEADER}${astToString(ast)}`;
}
