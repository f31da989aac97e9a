import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api, Session } from './api';

export interface ApiContextValue {
  readonly api: Api;
  readonly session: Session;
  /** Back to the login form (token refused). */
  readonly signOut: () => void;
}

export const ApiContext = createContext<ApiContextValue | undefined>(undefined);

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside ApiContext');
  return value;
}
