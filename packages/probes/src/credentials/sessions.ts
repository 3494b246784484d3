import { ftpSession } from "./ftp.ts";
import { httpSession } from "./http.ts";
import { mqttSession } from "./mqtt.ts";
import type { LoginSession, LoginTarget } from "./session.ts";
import { sshSession } from "./ssh.ts";
import { telnetSession } from "./telnet.ts";

/** The login conversation for the service's protocol. */
export function openSession(target: LoginTarget): LoginSession {
  switch (target.service.protocol) {
    case "http":
    case "https":
      return httpSession(target);
    case "ssh":
      return sshSession(target);
    case "telnet":
      return telnetSession(target);
    case "ftp":
      return ftpSession(target);
    case "mqtt":
    case "mqtts":
      return mqttSession(target);
  }
}
