import type { Command } from "commander";

type Loader = () => Promise<Command[]>;

const backup: Loader = async () => (await import("./commands/backup.ts")).backupCommands();
const documents: Loader = async () => (await import("./commands/documents.ts")).documentCommands();

/**
 * Every top-level command by name, in the order `jcstar --help` lists them, each with the module that defines
 * it. A command's module (and what it imports) is loaded only when that command runs, so `jcstar --version`
 * or `jcstar probe ports` never parse the code of `serve`, `package` or the PDF and spreadsheet writers.
 */
export const COMMANDS: Record<string, Loader> = {
  serve: async () => [(await import("./commands/serve.ts")).serveCommand()],
  criteria: async () => [(await import("./commands/criteria.ts")).criteriaCommand()],
  db: async () => [(await import("./commands/db.ts")).dbCommand()],
  admin: async () => [(await import("./commands/admin.ts")).adminCommand()],
  evidence: async () => [(await import("./commands/evidence.ts")).evidenceCommand()],
  package: async () => [(await import("./commands/package.ts")).packageCommand()],
  backup,
  restore: backup,
  probe: async () => [(await import("./commands/probe.ts")).probeCommand()],
  "demo-device": async () => [(await import("./commands/demo-device.ts")).demoDeviceCommand()],
  checklist: documents,
  "security-txt": documents,
  label: async () => [(await import("./commands/label.ts")).labelCommand()],
  registry: async () => [(await import("./commands/registry.ts")).registryCommand()],
  sbom: async () => [(await import("./commands/sbom.ts")).sbomCommand()],
  vuln: async () => [(await import("./commands/vuln.ts")).vulnCommand()],
};

/**
 * The commands `argv` (`node jcstar …`) needs: only the one it names; none for `--version`; all of them for
 * help, a mistyped command or no command (so commander can list or suggest them).
 */
export async function commandsFor(argv: readonly string[]): Promise<Command[]> {
  const first = argv[2];
  if (first === "--version" || first === "-V") return [];
  const named = first === undefined ? undefined : COMMANDS[first];
  if (named) return (await named()).filter((c) => c.name() === first);
  const loaders = [...new Set(Object.values(COMMANDS))];
  return (await Promise.all(loaders.map((load) => load()))).flat();
}
