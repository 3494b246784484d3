import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import {
  client,
  isApiError,
  ok,
  onUnauthenticated,
  setCsrfToken,
  setOrgId,
  storedOrgId,
} from "../api/client.ts";
import type { Me, OrgRole } from "../api/types.ts";
import { bindSessionUser, endSessionUser } from "./session-user.ts";

export type SessionState =
  | { status: "loading" }
  | { status: "needsSetup" }
  | { status: "signedOut" }
  /** `me` is null on a server without accounts (every caller is the local operator). */
  | { status: "signedIn"; me: Me | null };

type Session = {
  state: SessionState;
  refresh: () => Promise<SessionState>;
  signOut: () => Promise<void>;
  switchOrg: (orgId: string) => Promise<void>;
  orgId: string | null;
  role: OrgRole | null;
  canEdit: boolean;
  isOwner: boolean;
  isAdmin: boolean;
};

const SessionContext = createContext<Session | null>(null);

async function loadSession(): Promise<SessionState> {
  try {
    const setup = await ok(client.GET("/api/setup"), { quiet401: true });
    if (setup.needsSetup) return { status: "needsSetup" };
  } catch (error) {
    if (!isApiError(error) || error.status !== 404) throw error;
  }
  try {
    const me = await ok(client.GET("/api/auth/me"), { quiet401: true });
    setCsrfToken(me.csrfToken);
    bindSessionUser(me.user.id);
    const chosen = storedOrgId();
    const orgId = chosen && me.memberships.some((m) => m.orgId === chosen) ? chosen : me.orgId;
    setOrgId(orgId);
    if (orgId !== me.orgId)
      return { status: "signedIn", me: await ok(client.GET("/api/auth/me"), { quiet401: true }) };
    return { status: "signedIn", me };
  } catch (error) {
    if (isApiError(error) && error.status === 401) return { status: "signedOut" };
    if (isApiError(error) && error.status === 404) return { status: "signedIn", me: null };
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });

  const refresh = useCallback(async () => {
    let next: SessionState;
    try {
      next = await loadSession();
    } catch {
      next = { status: "signedOut" };
    }
    setState(next);
    return next;
  }, []);

  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => {
      setCsrfToken(null);
      setState({ status: "signedOut" });
    });
  }, [refresh]);

  const signOut = useCallback(async () => {
    try {
      await ok(client.POST("/api/auth/logout"));
    } finally {
      endSessionUser();
      setCsrfToken(null);
      setOrgId(null);
      setState({ status: "signedOut" });
    }
  }, []);

  const switchOrg = useCallback(
    async (orgId: string) => {
      setOrgId(orgId);
      await refresh();
    },
    [refresh],
  );

  const value = useMemo<Session>(() => {
    const me = state.status === "signedIn" ? state.me : null;
    const local = state.status === "signedIn" && me === null;
    const role = me?.memberships.find((m) => m.orgId === me.orgId)?.role ?? null;
    return {
      state,
      refresh,
      signOut,
      switchOrg,
      orgId: me?.orgId ?? null,
      role,
      canEdit: local || role === "owner" || role === "editor",
      isOwner: role === "owner",
      isAdmin: me?.user.instanceRole === "admin",
    };
  }, [state, refresh, signOut, switchOrg]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
