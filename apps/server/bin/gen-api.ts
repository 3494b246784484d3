// `npm run gen:api`: regenerates apps/web/src/api/schema.gen.ts from the server's route definitions.
import { writeFileSync } from "node:fs";
import { API_SCHEMA_FILE, apiSchemaSource, servedOpenApiDocument } from "../src/api-schema.ts";

writeFileSync(API_SCHEMA_FILE, await apiSchemaSource(await servedOpenApiDocument()));
console.log(`wrote ${API_SCHEMA_FILE}`);
