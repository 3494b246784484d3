export { createApp, OPENAPI_PATH } from "./app.ts";
export type { App, AppDeps, AppEnv } from "./app-env.ts";
export { startServer, type RunningServer } from "./start-server.ts";
