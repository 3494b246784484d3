import { randomBytes } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../accounts/users.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createProduct } from "../product/product.ts";
import { putPublication } from "../registry/publication.ts";
import { keyIdOf } from "../secrets/instance-key.ts";
import { issueLabel, type LabelDeps, revokeLabel, validUntilOf } from "./issue-label.ts";
import { getLabel, getLabelPayload } from "./label.ts";
import { labelPng, labelSvg } from "./label-artwork.ts";
import { publicJwks, rotateLabelKey } from "./label-keys.ts";
import { type LabelClaim, verdictExitCode, verifyLabelToken } from "./label-token.ts";
import { formatRegistrationNumber } from "./registration-number.ts";
import { writeRegistrySettings } from "./registry-settings.ts";
import { currentStatusList } from "./status-list.ts";

const ORIGIN = "https://registry.example.jp";
const operator = { id: null, name: "operator", lang: "en" as const };

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

/** Replaces one character of the signature part of a compact JWS. */
function tamper(jws: string, part: 0 | 1 | 2): string {
  const parts = jws.split(".");
  const text = parts[part] as string;
  const i = Math.floor(text.length / 2);
  parts[part] = text.slice(0, i) + (text[i] === "A" ? "B" : "A") + text.slice(i + 1);
  return parts.join(".");
}

describe("registration numbers and validity", () => {
  it("fills the configured format with the Japan-time year and a padded sequence", () => {
    expect(formatRegistrationNumber("JCS-{yyyy}-{seq:6}", new Date("2026-12-31T16:00:00Z"), 42)).toBe(
      "JCS-2027-000042",
    );
    expect(formatRegistrationNumber("X{seq}", new Date(), 7)).toBe("X7");
  });
  it("is valid for two years less a day", () => {
    expect(validUntilOf("2026-11-26", 2)).toBe("2028-11-25");
    expect(validUntilOf("2028-03-01", 2)).toBe("2030-02-28");
  });
});

describe.each(testDialects())("labels on %s", (dialect) => {
  let t: TestDb;
  let deps: LabelDeps;
  const clock = new Date("2026-11-26T03:00:00Z");
  let productId: string;
  let orgId: string;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const key = randomBytes(32);
    deps = {
      db: t.db,
      now: () => clock,
      instanceKey: { key, keyId: keyIdOf(key), source: "env" },
      publicUrl: ORIGIN,
    };
    orgId = (await createOrganisation(t.db, "Maker KK", clock)).id;
    const ctx: RequestContext = { orgId, actor: { id: null, name: "maker" }, lang: "en" };
    const product = await createProduct({ ...deps, catalog: loadCatalog() }, ctx, {
      name: "Home camera",
      category: "camera",
      connectivity: { interfaces: ["wifi"], closedNetwork: false, iotSim: null, notes: null },
      defaultRoute: "standard",
      modelNumbers: ["HC-200", "HC-100"],
    });
    productId = product.id;
  });
  afterAll(async () => t?.dispose());

  it("issues a label from a product: next number, two years, snapshot, signed payload, audit entry", async () => {
    // Not submitted and not published by the maker: the operator cannot put it on a public label.
    expect((await errorOf(issueLabel(deps, operator, { productId }))).code).toBe(
      "LABEL_PRODUCT_NOT_SUBMITTED",
    );
    const label = await issueLabel(deps, operator, { productId, applicationId: "app_1" });
    expect(label.applicationId).toBe("app_1");
    expect(label).toMatchObject({
      registrationNumber: "JCS-2026-000001",
      starLevel: 1,
      product: "Home camera",
      maker: "Maker KK",
      modelNumbers: ["HC-100", "HC-200"],
      validFrom: "2026-11-26",
      validUntil: "2028-11-25",
      status: "valid",
      productId,
    });
    const second = await issueLabel(deps, operator, {
      product: "Router",
      maker: "Other",
      modelNumbers: ["R1"],
    });
    expect(second.registrationNumber).toBe("JCS-2026-000002");
    expect(second.productId).toBeNull();

    const jws = await getLabelPayload(t.db, "en", label.registrationNumber);
    expect(decodeProtectedHeader(jws)).toMatchObject({
      alg: "EdDSA",
      typ: "jcstar-label+jwt",
      kid: label.keyId,
    });
    const claims = decodeJwt(jws);
    expect(claims.iss).toBe(ORIGIN);
    expect((claims.label as LabelClaim).url).toBe(`${ORIGIN}/registry/JCS-2026-000001`);

    const audit = await t.db
      .selectFrom("audit_entries")
      .selectAll()
      .where("action", "=", "label.issue")
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]?.org_id).toBe(orgId);
  });

  it("refuses a duplicate explicit number and bad input", async () => {
    await issueLabel(deps, operator, { product: "P", maker: "M", registrationNumber: "SBX-1" });
    expect(
      (await errorOf(issueLabel(deps, operator, { product: "P", maker: "M", registrationNumber: "SBX-1" })))
        .code,
    ).toBe("ALREADY_EXISTS");
    expect((await errorOf(issueLabel(deps, operator, { product: "P" }))).code).toBe("VALIDATION_FAILED");
    expect(
      (await errorOf(issueLabel(deps, operator, { productId: "prd_nope", applicationId: "a" }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await errorOf(issueLabel(deps, operator, { product: "P", maker: "M", registrationNumber: "../x" })))
        .code,
    ).toBe("VALIDATION_FAILED");
  });

  it("follows a configured number format", async () => {
    await writeRegistrySettings(
      t.db,
      {
        registryName: { ja: "訓練", en: "Training" },
        sandbox: true,
        registrationNumberFormat: "TR{yyyy}{seq:3}",
        validityYears: 2,
        publicBaseUrl: ORIGIN,
      },
      clock,
    );
    const label = await issueLabel(deps, operator, { product: "P", maker: "M" });
    expect(label.registrationNumber).toBe("TR2026001");
    const audit = await t.db
      .selectFrom("audit_entries")
      .select("action")
      .where("action", "=", "registry.settings")
      .execute();
    expect(audit).toHaveLength(1);
    expect(
      (await errorOf(writeRegistrySettings(t.db, { registrationNumberFormat: "NOSEQ" }, clock))).code,
    ).toBe("VALIDATION_FAILED");
  });

  it("verifies a genuine payload and rejects forged, tampered, foreign-key and expired ones", async () => {
    const jws = await getLabelPayload(t.db, "en", "JCS-2026-000001");
    const jwks = await publicJwks(t.db);
    const ok = await verifyLabelToken(jws, jwks, { now: clock });
    expect(ok).toMatchObject({ outcome: "valid", statusChecked: false });
    // Revocation not checked: 2 (could not check), never 0.
    expect(verdictExitCode(ok)).toBe(2);
    expect(verdictExitCode({ ...ok, statusChecked: true } as typeof ok)).toBe(0);
    // The trusted issuer must be the label's: another registry's name makes it forged, whatever the signature.
    expect(
      (await verifyLabelToken(jws, jwks, { now: clock, issuer: "https://other.example.jp" })).outcome,
    ).toBe("forged");
    expect((await verifyLabelToken(jws, jwks, { now: clock, issuer: `${ORIGIN}/` })).outcome).toBe("valid");

    // A changed claim (someone edits the product name) no longer matches the signature.
    const parts = jws.split(".");
    const claims = decodeJwt(jws);
    (claims.label as LabelClaim).product = "Better camera";
    const forgedClaims = [parts[0], Buffer.from(JSON.stringify(claims)).toString("base64url"), parts[2]].join(
      ".",
    );
    const forged = await verifyLabelToken(forgedClaims, jwks, { now: clock });
    expect(forged.outcome).toBe("forged");
    expect(verdictExitCode(forged)).toBe(1);
    expect((await verifyLabelToken(tamper(jws, 2), jwks, { now: clock })).outcome).toBe("forged");

    // Signed by someone else's key with the same kid: forged.
    const { generateKeyPairSync } = await import("node:crypto");
    const { signLabel } = await import("./label-token.ts");
    const other = generateKeyPairSync("ed25519").privateKey;
    const kid = decodeProtectedHeader(jws).kid as string;
    const foreign = await signLabel({ kid, privateKey: other }, claims.label as LabelClaim, ORIGIN, clock);
    expect((await verifyLabelToken(foreign, jwks, { now: clock })).outcome).toBe("forged");
    const unknownKid = await signLabel(
      { kid: "nope", privateKey: other },
      claims.label as LabelClaim,
      ORIGIN,
      clock,
    );
    expect((await verifyLabelToken(unknownKid, jwks, { now: clock })).outcome).toBe("forged");

    expect((await verifyLabelToken("not.a.jws", jwks, { now: clock })).outcome).toBe("invalid");

    const expired = await verifyLabelToken(jws, jwks, { now: new Date("2028-11-25T15:00:01Z") });
    expect(expired.outcome).toBe("expired");
    expect(verdictExitCode(expired)).toBe(1);
    expect((await verifyLabelToken(jws, jwks, { now: new Date("2028-11-25T14:59:00Z") })).outcome).toBe(
      "valid",
    );
    expect(
      (await getLabel({ db: t.db, now: () => new Date("2029-01-01T00:00:00Z") }, "en", "JCS-2026-000001"))
        .status,
    ).toBe("expired");
  });

  it("revokes with a reason and an audit entry; the signed status list then says revoked", async () => {
    const jws = await getLabelPayload(t.db, "en", "JCS-2026-000002");
    const jwks = await publicJwks(t.db);
    const before = await currentStatusList(deps);
    expect(await verifyLabelToken(jws, jwks, { now: clock, statusList: before })).toMatchObject({
      outcome: "valid",
      statusChecked: true,
    });

    const revoked = await revokeLabel(deps, operator, {
      registrationNumber: "JCS-2026-000002",
      reason: "Firmware no longer supported",
    });
    expect(revoked).toMatchObject({ status: "revoked", revocationReason: "Firmware no longer supported" });
    expect(
      (await errorOf(revokeLabel(deps, operator, { registrationNumber: "JCS-2026-000002", reason: "again" })))
        .code,
    ).toBe("LABEL_REVOKED");
    expect(
      (await errorOf(revokeLabel(deps, operator, { registrationNumber: "NOPE-1", reason: "x" }))).code,
    ).toBe("NOT_FOUND");
    expect((await errorOf(revokeLabel(deps, operator, { registrationNumber: "JCS-2026-000001" }))).code).toBe(
      "VALIDATION_FAILED",
    );

    const after = await currentStatusList(deps);
    const verdict = await verifyLabelToken(jws, jwks, { now: clock, statusList: after });
    expect(verdict.outcome).toBe("revoked");
    expect(verdict).toMatchObject({ reason: expect.stringContaining("Firmware no longer supported") });
    expect(verdictExitCode(verdict)).toBe(1);
    // The old list no longer proves anything once it has expired; a forged list cannot be used.
    expect(
      (
        await verifyLabelToken(jws, jwks, {
          now: new Date(clock.getTime() + 2 * 86400_000),
          statusList: after,
        })
      ).outcome,
    ).toBe("unchecked");
    const forgedList = await verifyLabelToken(jws, jwks, { now: clock, statusList: tamper(after, 1) });
    expect(forgedList.outcome).toBe("unchecked");
    expect(verdictExitCode(forgedList)).toBe(2);
    const audit = await t.db
      .selectFrom("audit_entries")
      .select("data")
      .where("action", "=", "label.revoke")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("rotates keys: new labels use the new key, old labels still verify, JWKS lists both", async () => {
    const before = await publicJwks(t.db);
    const { kid, retired } = await rotateLabelKey(deps, "operator");
    const rotation = await t.db
      .selectFrom("audit_entries")
      .selectAll()
      .where("action", "=", "label.key.rotate")
      .execute();
    expect(rotation.map((a) => [a.actor, a.entity_id])).toEqual([["operator", kid]]);
    expect(retired).toEqual(before.keys.map((k) => k.kid));
    const label = await issueLabel(deps, operator, { product: "After rotation", maker: "M" });
    expect(label.keyId).toBe(kid);
    const jwks = await publicJwks(t.db);
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([kid, ...retired].sort());
    for (const key of jwks.keys) expect(key).not.toHaveProperty("d");
    const old = await getLabelPayload(t.db, "en", "JCS-2026-000001");
    expect((await verifyLabelToken(old, jwks, { now: clock })).outcome).toBe("valid");
    // Private halves are encrypted in the secret store, never in the clear.
    const secrets = await t.db
      .selectFrom("secrets")
      .selectAll()
      .where("name", "like", "label.signing-key.%")
      .execute();
    expect(secrets).toHaveLength(2);
    for (const s of secrets) expect(s.envelope).not.toContain("PRIVATE KEY");
  });

  it("refuses an operator who is a member of the product's organisation: no issuing, no revoking", async () => {
    const insider = await createUser(
      t.db,
      {
        email: "insider@maker.example.jp",
        name: "Insider",
        password: "Quiet lantern 7f3a9c orbit",
        instanceRole: "operator",
        orgId,
        role: "viewer",
      },
      clock,
    );
    const asInsider = { id: insider.id, name: insider.name, lang: "ja" as const };
    // Even with the maker's page published (what lets an independent operator label a product), and even
    // through the lifecycle's applicationId: never for one's own organisation.
    const hide = {
      modelNumbers: false,
      supportPeriod: false,
      latestFirmware: false,
      vulnerabilityContact: false,
    };
    await putPublication(
      { db: t.db, catalog: loadCatalog(), now: () => clock },
      { orgId, actor: { id: null, name: "maker" }, lang: "en" },
      productId,
      {
        version: 0,
        published: true,
        slug: null,
        show: { ...hide, updateProcedure: false, label: false },
        vulnerabilityContact: null,
        vulnerabilityPolicyUrl: null,
        securityTxtUrl: null,
        updateProcedure: null,
      },
    );
    const before = await t.db.selectFrom("labels").select("id").execute();
    for (const input of [{ productId }, { productId, applicationId: "app_own" }]) {
      const refused = await errorOf(issueLabel(deps, asInsider, input));
      expect(refused.code).toBe("OPERATOR_CONFLICT_OF_INTEREST");
      expect(refused.status).toBe(403);
      expect(refused.messageIn("ja")).toContain("所属");
    }
    expect(await t.db.selectFrom("labels").select("id").execute()).toHaveLength(before.length);
    // A label of the organisation issued by someone else: the insider cannot revoke it either.
    const own = await issueLabel(deps, operator, { productId, applicationId: "app_2" });
    const revoke = { registrationNumber: own.registrationNumber, reason: "mine" };
    expect((await errorOf(revokeLabel(deps, asInsider, revoke))).code).toBe("OPERATOR_CONFLICT_OF_INTEREST");
    expect((await getLabel(deps, "en", own.registrationNumber)).status).toBe("valid");
    // Labels of other makers (or without an organisation on this instance) stay within the insider's role.
    const foreign = await issueLabel(deps, asInsider, { product: "Lamp", maker: "Elsewhere" });
    expect(
      (await revokeLabel(deps, asInsider, { ...revoke, registrationNumber: foreign.registrationNumber }))
        .status,
    ).toBe("revoked");
  });

  it("draws the artwork with a QR code of the public URL, and renders it to PNG", async () => {
    const jws = await getLabelPayload(t.db, "en", "JCS-2026-000001");
    const claim = decodeJwt(jws).label as LabelClaim;
    const svg = labelSvg(claim);
    expect(svg).toContain("JCS-2026-000001");
    expect(svg).toContain("2028-11-25");
    expect(svg).not.toMatch(/JC-STAR/i);
    const png = labelPng(claim);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    const { PNG } = await import("pngjs");
    const jsQR = (await import("jsqr")).default;
    const image = PNG.sync.read(png);
    const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(code?.data).toBe(`${ORIGIN}/registry/JCS-2026-000001`);
  });
});
