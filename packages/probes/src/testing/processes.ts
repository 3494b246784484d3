import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";

/** A server process started by a test, and how to stop it. */
export interface TestServer {
  port: number;
  child: ChildProcess;
  /** Output the process wrote (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
}

/** Resolves once a TCP connection to 127.0.0.1:port succeeds; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs = 10_000, child?: ChildProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exitCode !== null)
      throw new Error(`process exited with ${child.exitCode} before listening on ${port}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/**
 * Starts `command args` and waits until it listens on 127.0.0.1:port. `stop()` sends SIGTERM
 * (SIGKILL after 3 s) and waits for the exit.
 */
export async function startServer(
  command: string,
  args: string[],
  port: number,
  cwd?: string,
): Promise<TestServer> {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], ...(cwd ? { cwd } : {}) });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.on("error", (error) => {
    output += String(error);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForPort(port, 10_000, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${command} ${args.join(" ")}\n${output}`);
  }
  return { port, child, output: () => output, stop };
}
