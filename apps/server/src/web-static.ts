import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { App } from "./app-env.ts";

/**
 * Serves the built web app from the same origin: hashed assets with long caching, and index.html for every
 * other non-API GET (client-side routes), never cached. Does nothing when the folder has no index.html.
 */
export function registerWebApp(app: App, webDir: string | null): void {
  if (!webDir || !existsSync(join(webDir, "index.html"))) return;
  const index = readFileSync(join(webDir, "index.html"), "utf8");
  app.get(
    "/assets/*",
    serveStatic({
      root: webDir,
      onFound: (_path, c) => {
        c.header("Cache-Control", "public, max-age=31536000, immutable");
      },
    }),
  );
  app.get("/favicon.svg", serveStatic({ root: webDir }));
  app.get("*", (c) => {
    if (c.req.path.startsWith("/api/")) return c.notFound();
    c.header("Cache-Control", "no-cache");
    return c.html(index);
  });
}
