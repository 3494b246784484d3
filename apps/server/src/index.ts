export { createApp, OPENAPI_PATH } from "./app.ts";
export type { App, AppDeps, AppEnv } from "./app-env.ts";
export { prepareServer, type RunningServer, startServer } from "./start-server.ts";
