import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyBanner, identifyService } from "./identify.ts";

const accepted = new Set<Socket>();

function serve(onConnect: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => {
      accepted.add(socket);
      socket.on("close", () => accepted.delete(socket));
      socket.on("error", () => {});
      onConnect(socket);
    });
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : 0 });
    });
  });
}

/** A tiny FTP dialogue: 220 greeting, then USER/PASS; anonymous is allowed when `anonymous`. */
function ftp(anonymous: boolean) {
  return (socket: Socket) => {
    socket.write("220 test FTP ready\r\n");
    socket.on("data", (d: Buffer) => {
      const line = d.toString();
      if (line.startsWith("USER")) socket.write("331 password please\r\n");
      else if (line.startsWith("PASS"))
        socket.write(anonymous ? "230 welcome\r\n" : "530 login incorrect\r\n");
      else if (line.startsWith("QUIT")) socket.end("221 bye\r\n");
    });
  };
}

describe("service identification on open ports", () => {
  const servers: Server[] = [];
  const ports: Record<string, number> = {};
  beforeAll(async () => {
    const specs: Record<string, (s: Socket) => void> = {
      ssh: (s) => s.write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"),
      telnet: (s) => s.write(Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20])),
      ftpAnon: ftp(true),
      ftpClosed: ftp(false),
      http: (s) =>
        s.once("data", () =>
          s.end("HTTP/1.1 401 Unauthorized\r\nServer: cam-httpd\r\nWWW-Authenticate: Basic\r\n\r\n"),
        ),
      upnp: (s) =>
        s.once("data", () => s.end("HTTP/1.1 200 OK\r\nServer: Linux/3.10 UPnP/1.0 miniupnpd/2.0\r\n\r\n")),
      silent: () => {},
    };
    for (const [name, handler] of Object.entries(specs)) {
      const { server, port } = await serve(handler);
      servers.push(server);
      ports[name] = port;
    }
  });
  afterAll(async () => {
    for (const socket of accepted) socket.destroy();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  const fast = { bannerWaitMs: 300, timeoutMs: 600 };

  it("reads banners: SSH, Telnet option negotiation", async () => {
    expect(await identifyService("127.0.0.1", ports.ssh as number, fast)).toMatchObject({
      service: "ssh",
      method: "banner",
      banner: "SSH-2.0-OpenSSH_9.2p1 Debian-2",
    });
    expect(await identifyService("127.0.0.1", ports.telnet as number, fast)).toMatchObject({
      service: "telnet",
      method: "banner",
    });
  });

  it("tells an FTP server that allows anonymous login from one that does not", async () => {
    expect(await identifyService("127.0.0.1", ports.ftpAnon as number, fast)).toMatchObject({
      service: "ftp",
      authentication: "none",
    });
    expect(await identifyService("127.0.0.1", ports.ftpClosed as number, fast)).toMatchObject({
      service: "ftp",
      authentication: "required",
    });
  });

  it("asks silent servers over HTTP and names UPnP by its Server header", async () => {
    expect(await identifyService("127.0.0.1", ports.http as number, fast)).toMatchObject({
      service: "http",
      authentication: "required",
      banner: expect.stringContaining("cam-httpd"),
    });
    expect(await identifyService("127.0.0.1", ports.upnp as number, fast)).toMatchObject({ service: "upnp" });
  });

  it("falls back to unknown for a server that never answers, within the time limits", async () => {
    const started = Date.now();
    expect(await identifyService("127.0.0.1", ports.silent as number, fast)).toEqual({
      service: "unknown",
      method: "port",
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("classifies banners without a network", () => {
    expect(classifyBanner(Buffer.from("220 mail.example ESMTP Postfix\r\n"))).toBe("smtp");
    expect(classifyBanner(Buffer.from("220 (vsFTPd 3.0.3)\r\n"))).toBe("ftp");
    expect(classifyBanner(Buffer.from("\r\nCAM-100 login: "))).toBe("telnet");
    expect(classifyBanner(Buffer.from("hello"))).toBeNull();
  });
});
