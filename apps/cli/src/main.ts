import { isAppError } from "@jcstar/core";
import { Command, CommanderError } from "commander";
import { adminCommand } from "./commands/admin.ts";
import { backupCommands } from "./commands/backup.ts";
import { criteriaCommand } from "./commands/criteria.ts";
import { dbCommand } from "./commands/db.ts";
import { demoDeviceCommand } from "./commands/demo-device.ts";
import { documentCommands } from "./commands/documents.ts";
import { evidenceCommand } from "./commands/evidence.ts";
import { labelCommand } from "./commands/label.ts";
import { packageCommand } from "./commands/package.ts";
import { probeCommand } from "./commands/probe.ts";
import { registryCommand } from "./commands/registry.ts";
import { sbomCommand } from "./commands/sbom.ts";
import { serveCommand } from "./commands/serve.ts";
import { vulnCommand } from "./commands/vuln.ts";

/** Builds the `jcstar` program. Each command lives in its own file under ./commands. */
export function buildProgram(): Command {
  const program = new Command("jcstar")
    .description(
      "JC-STAR ★1: self-assessment, evidence, device tests and labels / JC-STAR ★1 自己適合評価・証跡・実機テスト・ラベル",
    )
    .version("0.1.0");
  program.addCommand(serveCommand());
  program.addCommand(criteriaCommand());
  program.addCommand(dbCommand());
  program.addCommand(adminCommand());
  program.addCommand(evidenceCommand());
  program.addCommand(packageCommand());
  for (const command of backupCommands()) program.addCommand(command);
  program.addCommand(probeCommand());
  program.addCommand(demoDeviceCommand());
  for (const command of documentCommands()) program.addCommand(command);
  program.addCommand(labelCommand());
  program.addCommand(registryCommand());
  program.addCommand(sbomCommand());
  program.addCommand(vulnCommand());
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (isAppError(error)) {
      console.error(`${error.messageIn("ja")}\n${error.messageIn("en")}`);
      for (const d of error.details)
        console.error(`  ${d.path || "(input)"}: ${d.message.ja} / ${d.message.en}`);
    } else console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
}
