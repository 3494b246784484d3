import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, tempDir, which } from "@jcstar/testkit";

/** The shipped config (deploy/nginx/registry.conf). */
export const REGISTRY_CONF = new URL("../../../../deploy/nginx/registry.conf", import.meta.url);

export type RunningNginx = { url: string; stop: () => Promise<void> };

/**
 * Runs Debian's nginx as a child (daemon off) on a free loopback port with its own prefix in a temp folder,
 * serving `root` with the shipped registry config — only its two EDIT lines (listen, root) replaced.
 */
export async function startRegistryNginx(
  root: string,
  options: { workers?: number; port?: number } = {},
): Promise<RunningNginx> {
  const nginx = which("nginx");
  if (!nginx) throw new Error("nginx is not installed");
  const prefix = tempDir("jcstar-nginx-");
  for (const d of ["tmp", "logs"]) mkdirSync(join(prefix.path, d), { recursive: true });
  const port = options.port ?? (await freePort());
  const conf = readFileSync(REGISTRY_CONF, "utf8")
    .replace(/^\s*listen 80;.*$/m, `    listen 127.0.0.1:${port};`)
    .replace(/^\s*root \/srv\/jcstar-registry;.*$/m, `    root ${root};`);
  if (!conf.includes(`127.0.0.1:${port}`) || !conf.includes(`root ${root};`))
    throw new Error("registry.conf lost its EDIT lines (listen 80; / root /srv/jcstar-registry;)");
  writeFileSync(join(prefix.path, "registry.conf"), conf);
  const temp = (name: string) => `${name}_temp_path ${prefix.path}/tmp/${name};`;
  writeFileSync(
    join(prefix.path, "nginx.conf"),
    `worker_processes ${options.workers ?? 1};
pid ${prefix.path}/nginx.pid;
error_log ${prefix.path}/logs/error.log;
${process.getuid?.() === 0 ? "user root;" : ""}
events { worker_connections 1024; }
http {
  access_log off;
  ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join("\n  ")}
  include ${prefix.path}/registry.conf;
}
`,
  );
  const child = spawn(
    nginx,
    ["-p", prefix.path, "-c", join(prefix.path, "nginx.conf"), "-g", "daemon off;"],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    prefix.cleanup();
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    try {
      await fetch(`${url}/public/registry.css`);
      return { url, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await stop();
  throw new Error(`nginx did not start: ${stderr}`);
}
