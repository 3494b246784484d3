export { closedPort, freePort } from "./free-port.ts";
export { isStrict, requireTool, which } from "./require-tool.ts";
export { tempDir } from "./temp-dir.ts";
