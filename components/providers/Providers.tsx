"use client";
import CssBaseline from "@mui/material/CssBaseline";
import { ThemeProvider } from "@mui/material/styles";
import { QueryClient, QueryClientProvider, isServer } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { NonceContext } from "./nonce";
import { theme } from "./theme";

function makeQueryClient() {
  // Data hydrated from the server is fresh for a while: no refetch storm right after load.
  return new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
}

let browserQueryClient: QueryClient | undefined;

/** A new client per server render (no data shared between requests), one per browser tab. */
function getQueryClient() {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  const queryClient = getQueryClient();
  return (
    <ThemeProvider theme={theme} defaultMode="system">
      <CssBaseline enableColorScheme />
      <NonceContext.Provider value={nonce}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </NonceContext.Provider>
    </ThemeProvider>
  );
}
