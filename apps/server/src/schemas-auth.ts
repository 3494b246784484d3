import { z } from "@hono/zod-openapi";
import { INSTANCE_ROLES, ORG_ROLES, TOKEN_SCOPES } from "@jcstar/core";

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    instanceRole: z.enum(INSTANCE_ROLES),
    totpEnabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("User");

export const membershipSchema = z
  .object({ orgId: z.string(), orgName: z.string(), role: z.enum(ORG_ROLES) })
  .openapi("Membership");

export const adminUserSchema = userSchema
  .extend({ memberships: z.array(membershipSchema) })
  .openapi("AdminUser");

export const meSchema = z
  .object({
    user: userSchema,
    memberships: z.array(membershipSchema),
    orgId: z.string().nullable(),
    csrfToken: z.string().nullable(),
    totpSetupRequired: z.boolean(),
  })
  .openapi("Me");

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(TOKEN_SCOPES),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi("ApiToken");

export const memberSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ORG_ROLES),
    totpEnabled: z.boolean(),
  })
  .openapi("Member");

export const lockoutSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    at: z.string(),
    until: z.string(),
    failures: z.number(),
    ip: z.string().nullable(),
  })
  .openapi("Lockout");

export const organisationSchema = z
  .object({ id: z.string(), name: z.string(), corporateNumber: z.string().nullable(), createdAt: z.string() })
  .openapi("Organisation");

export const adminOrganisationSchema = organisationSchema
  .extend({ owners: z.number().int().describe("members with the owner role (0: invite the first owner)") })
  .openapi("AdminOrganisation");

export const linkSchema = z.object({ url: z.string(), expiresAt: z.string() }).openapi("OneTimeLink");
