export { requireTool, isStrict, which } from "./require-tool.ts";
export { freePort } from "./free-port.ts";
export { tempDir } from "./temp-dir.ts";
