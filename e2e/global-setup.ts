import { ensureWebBuilt } from "./build-web.ts";

/** Vitest globalSetup: builds apps/web once before the browser tests when dist/ is missing or stale. */
export default async function setup(): Promise<void> {
  await ensureWebBuilt();
}
