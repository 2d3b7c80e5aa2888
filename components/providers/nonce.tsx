"use client";
import { createContext, useContext } from "react";

// The page's CSP nonce (proxy.ts), for client components that inject inline <style> themselves
// (MUI X DataGrid); Emotion receives it through AppRouterCacheProvider.
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
