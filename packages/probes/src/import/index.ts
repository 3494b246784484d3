export { importNmapXml, type NmapPort } from "./nmap-xml.ts";
export { importTestsslJson, type TestsslEntry, testsslEntries } from "./testssl-json.ts";
export { parseXml, type XmlElement } from "./xml.ts";
