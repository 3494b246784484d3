import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  sign,
  timingSafeEqual,
} from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Model of the reference device. */
export const DEMO_MODEL = "JC-CAM-100";
/** Firmware it ships with, and the signed release it can be updated to. */
export const DEMO_FIRMWARE = "1.2.3";
export const DEMO_RELEASE = "1.2.4";
/** Factory settings. */
export const FACTORY_SETTINGS = { ntpServer: "pool.ntp.org", motionDetection: false } as const;

/** What the device keeps in its state folder (`device.json`, `settings.json`, `recordings.json`). */
export interface DeviceRecord {
  model: string;
  serial: string;
  firmware: string;
  /** True once the user completed first-use set-up. */
  setUp: boolean;
  username: string;
  /** `scrypt$salt$hash` (hex), or null when no credential exists yet. */
  passwordHash: string | null;
}

export interface Recording {
  id: string;
  at: string;
  name: string;
}

/** Files of the state folder. */
export function statePaths(dir: string) {
  return {
    device: join(dir, "device.json"),
    settings: join(dir, "settings.json"),
    recordings: join(dir, "recordings.json"),
    vendorKey: join(dir, "keys", "vendor.key"),
    vendorPub: join(dir, "keys", "vendor.pub"),
    image: join(dir, "firmware", `cam-${DEMO_RELEASE}.bin`),
    imageSig: join(dir, "firmware", `cam-${DEMO_RELEASE}.bin.sig`),
    hashManifest: join(dir, "firmware", "manifest.json"),
    hashManifestSig: join(dir, "firmware", "manifest.json.sig"),
    releaseManifest: join(dir, "releases", "manifest.json"),
    releaseManifestSig: join(dir, "releases", "manifest.json.sig"),
  };
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString("hex")}$${scryptSync(password, salt, 32).toString("hex")}`;
}

export function checkPassword(stored: string | null, password: string): boolean {
  if (!stored) return false;
  const [, salt, hash] = stored.split("$");
  if (!salt || !hash) return false;
  const got = scryptSync(password, Buffer.from(salt, "hex"), 32);
  return timingSafeEqual(got, Buffer.from(hash, "hex"));
}

/** A firmware image of the reference device: a text header (model, version) and a payload. */
export function buildImage(version: string, payload: Buffer = randomBytes(4096)): Buffer {
  return Buffer.concat([Buffer.from(`JCSTAR-FW\nmodel=${DEMO_MODEL}\nversion=${version}\n\n`), payload]);
}

/** The version in an image header, or null. */
export function imageVersion(image: Buffer): string | null {
  const head = image.subarray(0, 256).toString("latin1");
  if (!head.startsWith("JCSTAR-FW\n")) return null;
  return /\nversion=([^\n]+)\n/.exec(head)?.[1] ?? null;
}

function writeJson(path: string, value: unknown): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

export function readJson<T>(path: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return fallback;
  }
}

/**
 * Prepares a state folder at first start: the vendor's Ed25519 key pair (`keys/`), a signed
 * firmware image of the next release with its detached signature and a signed manifest of hashes
 * (`firmware/`), a signed version manifest (`releases/`), and the factory device record.
 * Existing files are kept. `defaultPassword` gives the factory credential admin/admin (a weakness).
 */
export function initState(dir: string, defaultPassword: boolean): void {
  const p = statePaths(dir);
  for (const sub of ["keys", "firmware", "releases"]) mkdirSync(join(dir, sub), { recursive: true });
  if (!existsSync(p.vendorKey)) {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    writeFileSync(p.vendorKey, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    writeFileSync(p.vendorPub, publicKey.export({ type: "spki", format: "pem" }));
  }
  const key = createPrivateKey(readFileSync(p.vendorKey));
  if (!existsSync(p.image)) {
    const image = buildImage(DEMO_RELEASE);
    writeFileSync(p.image, image);
    writeFileSync(p.imageSig, `${sign(null, image, key).toString("base64")}\n`);
    const manifest = Buffer.from(
      `${JSON.stringify({ files: { [`cam-${DEMO_RELEASE}.bin`]: `sha256:${createHash("sha256").update(image).digest("hex")}` } }, null, 2)}\n`,
    );
    writeFileSync(p.hashManifest, manifest);
    writeFileSync(p.hashManifestSig, `${sign(null, manifest, key).toString("base64")}\n`);
  }
  if (!existsSync(p.releaseManifest)) {
    const manifest = Buffer.from(
      `${JSON.stringify({ model: DEMO_MODEL, latestVersion: DEMO_RELEASE }, null, 2)}\n`,
    );
    writeFileSync(p.releaseManifest, manifest);
    writeFileSync(p.releaseManifestSig, `${sign(null, manifest, key).toString("base64")}\n`);
  }
  if (!existsSync(p.device)) writeJson(p.device, factoryRecord(defaultPassword));
  if (!existsSync(p.settings)) writeJson(p.settings, { ...FACTORY_SETTINGS });
  if (!existsSync(p.recordings)) writeJson(p.recordings, []);
}

/** The device record as it leaves the factory (or after a factory reset). */
export function factoryRecord(
  defaultPassword: boolean,
  firmware = DEMO_FIRMWARE,
  serial?: string,
): DeviceRecord {
  return {
    model: DEMO_MODEL,
    serial: serial ?? `JC${randomBytes(4).toString("hex").toUpperCase()}`,
    firmware,
    setUp: false,
    username: "admin",
    passwordHash: defaultPassword ? hashPassword("admin") : null,
  };
}

/** Reading and writing the state folder. */
export const stateFiles = {
  readDevice: (dir: string) => readJson<DeviceRecord>(statePaths(dir).device, factoryRecord(false)),
  writeDevice: (dir: string, d: DeviceRecord) => writeJson(statePaths(dir).device, d),
  readSettings: (dir: string) =>
    readJson<Record<string, unknown>>(statePaths(dir).settings, { ...FACTORY_SETTINGS }),
  writeSettings: (dir: string, s: Record<string, unknown>) => writeJson(statePaths(dir).settings, s),
  readRecordings: (dir: string) => readJson<Recording[]>(statePaths(dir).recordings, []),
  writeRecordings: (dir: string, r: Recording[]) => writeJson(statePaths(dir).recordings, r),
};
