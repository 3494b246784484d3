export type { NmapPort } from "./nmap-read.ts";
export { importNmapXml } from "./nmap-xml.ts";
export { importTestsslJson, type TestsslEntry, testsslEntries } from "./testssl-json.ts";
