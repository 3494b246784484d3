import { AppError, type User } from "@jcstar/core";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";

/** The signed-in user of a route whose policy requires one. */
export function signedInUser(c: Context<AppEnv>): User {
  const caller = c.get("caller");
  if (caller.kind !== "user") throw new AppError("UNAUTHENTICATED");
  return caller.user;
}
