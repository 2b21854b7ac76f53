import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { configureApi, request } from '../api/client';
import { type LoginResponse, type SignedInUser } from '../api/types';

const STORAGE_KEY = 'dwf.session';

interface Session {
  accessToken: string;
  user: SignedInUser;
}

export interface Auth {
  user: SignedInUser | null;
  signIn: (username: string, password: string) => Promise<SignedInUser>;
  signOut: () => void;
  hasRole: (...roles: string[]) => boolean;
  can: (capability: string) => boolean;
}

const AuthContext = createContext<Auth | null>(null);

function readSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** The signed-in user and their token, kept for the browser tab's session only. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(readSession);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
  }, []);

  // Configured during render so that the first requests of child effects carry the token.
  configureApi(() => session?.accessToken ?? readSession()?.accessToken ?? null, signOut);

  const signIn = useCallback(async (username: string, password: string) => {
    const { body } = await request<LoginResponse>('/api/auth/login', {
      method: 'POST',
      body: { username, password },
    });
    const next = { accessToken: body.accessToken, user: body.user };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setSession(next);
    return body.user;
  }, []);

  const value = useMemo<Auth>(() => {
    const user = session?.user ?? null;
    return {
      user,
      signIn,
      signOut,
      hasRole: (...roles) => !!user && roles.some((role) => user.roles.includes(role)),
      can: (capability) => !!user && (user.capabilities ?? []).includes(capability),
    };
  }, [session, signIn, signOut]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth outside AuthProvider');
  return context;
}
