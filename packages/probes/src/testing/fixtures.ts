import { createServer, type Server } from "node:http";
import { freePort } from "@jcstar/testkit";

/** A plain HTTP server on 127.0.0.1 that asks for Basic authentication (a login over plaintext). */
export async function startLoginHttpServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(401, { "WWW-Authenticate": 'Basic realm="device"', "Content-Type": "text/plain" });
    res.end("login required\n");
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Ports on 127.0.0.1 that were free a moment ago (nothing listens: closed TCP and UDP ports). */
export async function closedPorts(n: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < n) {
    const p = await freePort();
    if (!out.includes(p)) out.push(p);
  }
  return out;
}
