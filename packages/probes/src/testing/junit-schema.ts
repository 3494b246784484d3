import { XMLParser, XMLValidator } from "fast-xml-parser";

/**
 * The elements and attributes of the common JUnit schema (Jenkins xunit-plugin `junit-10.xsd`), for
 * checking a report with a real XML parser: every element must be one of these, with only these
 * attributes (the required ones present) and only these children.
 */
const SCHEMA: Record<string, { attrs: string[]; required?: string[]; children: string[] }> = {
  // The xunit-plugin schema has no `disabled` on testsuites (older junit-10 readers allow it; jcstar never writes it).
  testsuites: { attrs: ["name", "time", "tests", "failures", "errors"], children: ["testsuite"] },
  testsuite: {
    attrs: [
      "name",
      "tests",
      "failures",
      "errors",
      "group",
      "time",
      "skipped",
      "timestamp",
      "hostname",
      "id",
      "package",
      "file",
      "log",
      "url",
    ],
    required: ["name", "tests", "failures", "errors"],
    children: ["testsuite", "properties", "testcase", "system-out", "system-err"],
  },
  properties: { attrs: [], children: ["property"] },
  property: { attrs: ["name", "value"], required: ["name", "value"], children: [] },
  testcase: {
    attrs: ["name", "time", "classname", "group"],
    required: ["name"],
    children: ["skipped", "error", "failure", "system-out", "system-err"],
  },
  failure: { attrs: ["type", "message"], children: [] },
  error: { attrs: ["type", "message"], children: [] },
  skipped: { attrs: ["type", "message"], children: [] },
  "system-out": { attrs: [], children: [] },
  "system-err": { attrs: [], children: [] },
};

/** A parsed element: name, attributes, element children. */
export interface JunitNode {
  name: string;
  attrs: Record<string, string>;
  children: JunitNode[];
}

type Ordered = Record<string, unknown> & { ":@"?: Record<string, string> };

function toNodes(items: Ordered[]): JunitNode[] {
  const out: JunitNode[] = [];
  for (const item of items) {
    const name = Object.keys(item).find((k) => k !== ":@");
    if (!name || name.startsWith("#") || name.startsWith("?")) continue;
    out.push({ name, attrs: item[":@"] ?? {}, children: toNodes(item[name] as Ordered[]) });
  }
  return out;
}

/** Parses a JUnit report with fast-xml-parser (throws when it is not well-formed XML). */
export function parseJunit(xml: string): JunitNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
  });
  const [root, ...rest] = toNodes(parser.parse(xml) as Ordered[]);
  if (!root || rest.length > 0) throw new Error("expected one root element");
  return root;
}

/** Every place where the report leaves the schema: unknown elements, attributes or children, missing required attributes. */
export function junitSchemaProblems(root: JunitNode): string[] {
  const problems: string[] = [];
  if (root.name !== "testsuites" && root.name !== "testsuite") problems.push(`root <${root.name}>`);
  const walk = (node: JunitNode, path: string) => {
    const rule = SCHEMA[node.name];
    if (!rule) {
      problems.push(`${path}: unknown element`);
      return;
    }
    for (const a of Object.keys(node.attrs))
      if (!rule.attrs.includes(a)) problems.push(`${path}: attribute ${a} not in the schema`);
    for (const a of rule.required ?? []) if (!(a in node.attrs)) problems.push(`${path}: missing ${a}`);
    for (const c of node.children) {
      if (!rule.children.includes(c.name)) problems.push(`${path}: <${c.name}> not allowed here`);
      walk(c, `${path}/${c.name}`);
    }
  };
  walk(root, root.name);
  return problems;
}

/** Counts per suite the way Jenkins-style consumers read them: from the testcases' children. */
export function junitSuiteCounts(
  root: JunitNode,
): Array<{ name: string; tests: number; failures: number; errors: number; skipped: number }> {
  return root.children
    .filter((s) => s.name === "testsuite")
    .map((s) => {
      const cases = s.children.filter((c) => c.name === "testcase");
      const having = (child: string) => cases.filter((c) => c.children.some((x) => x.name === child)).length;
      return {
        name: s.attrs.name ?? "",
        tests: cases.length,
        failures: having("failure"),
        errors: having("error"),
        skipped: having("skipped"),
      };
    });
}
