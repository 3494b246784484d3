export const ORG_ROLES = ["viewer", "editor", "owner"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const INSTANCE_ROLES = ["none", "operator", "admin"] as const;
export type InstanceRole = (typeof INSTANCE_ROLES)[number];

/** True when `role` includes everything `needed` may do (owner ⊃ editor ⊃ viewer). */
export function orgRoleAtLeast(role: OrgRole | null | undefined, needed: OrgRole): boolean {
  if (!role) return false;
  return ORG_ROLES.indexOf(role) >= ORG_ROLES.indexOf(needed);
}

/** Admins and operators must use a second factor. */
export function requiresTotp(instanceRole: InstanceRole): boolean {
  return instanceRole === "admin" || instanceRole === "operator";
}
