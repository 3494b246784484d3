export { createApp, OPENAPI_PATH } from "./app.ts";
export type { App, AppDeps, AppEnv } from "./app-env.ts";
export { exportInstanceRegistry } from "./registry-export/export-instance.ts";
export { exportRegistry, type RegistryExportResult } from "./registry-export/export-registry.ts";
export { prepareServer, type RunningServer, startServer } from "./start-server.ts";
