/**
 * The rules the web checks or offers before sending (password length, severity order, VEX justifications), as
 * the server's core defines them: GET /api/rules, asked once per page load. The server checks them again.
 */
import { useEffect, useState } from "react";
import { client, ok, type Schemas } from "./client.ts";

export type Rules = Schemas["Rules"];

let pending: Promise<Rules> | null = null;

/** The rules, asked once; a failed request is asked again next time. */
export function loadRules(): Promise<Rules> {
  pending ??= ok(client.GET("/api/rules"), { quiet401: true }).catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}

/** The rules once they have arrived (null before, or when they could not be asked). */
export function useRules(): Rules | null {
  const [rules, setRules] = useState<Rules | null>(null);
  useEffect(() => {
    let live = true;
    loadRules().then(
      (r) => live && setRules(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return rules;
}
