import { Command, CommanderError } from "commander";
import { commandsFor } from "./command-table.ts";

/** Builds the `jcstar` program with the commands `argv` needs (see command-table.ts). */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command("jcstar")
    .description(
      "JC-STAR ★1: self-assessment, evidence, device tests and labels / JC-STAR ★1 自己適合評価・証跡・実機テスト・ラベル",
    )
    .version("0.1.0");
  for (const command of await commandsFor(argv)) program.addCommand(command);
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    // Loaded on the error path only: the error catalogue (and zod) is not needed by a command that succeeds.
    const { isAppError } = await import("@jcstar/core/errors/app-error");
    if (isAppError(error)) {
      console.error(`${error.messageIn("ja")}\n${error.messageIn("en")}`);
      for (const d of error.details)
        console.error(`  ${d.path || "(input)"}: ${d.message.ja} / ${d.message.en}`);
    } else console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
}
