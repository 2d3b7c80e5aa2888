import InitColorSchemeScript from "@mui/material/InitColorSchemeScript";
import { AppRouterCacheProvider } from "@mui/material-nextjs/v16-appRouter";
import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers/Providers";
import { AppShell } from "@/components/shell/AppShell";
import { navFor } from "@/components/shell/nav";
import { allows } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/request";

export const metadata: Metadata = {
  title: { default: "MSP Conditional Access Portal", template: "%s · MSP CA Portal" },
  description: "Keep your GDAP access to customer tenants working: find and fix the Conditional Access policies that block it.",
  // Icons and the manifest live in public/ (drawn by scripts/icons.ts from public/icon.svg).
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
  manifest: "/manifest.webmanifest",
  // An admin portal stays out of search engines: public/robots.txt disallows everything, and a page
  // reached through a link elsewhere still says noindex.
  robots: { index: false, follow: false },
};

// The layout only shows who is signed in; every page and action checks access itself.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser().catch(() => null);
  const nonce = (await headers()).get("x-nonce") ?? undefined; // set by proxy.ts with the page's CSP
  return (
    <html lang="en" suppressHydrationWarning>
      <body>
        <InitColorSchemeScript attribute="class" defaultMode="system" nonce={nonce} />
        <AppRouterCacheProvider options={{ nonce }}>
          <Providers nonce={nonce}>
            <AppShell
              user={user ? { displayName: user.displayName, role: user.role } : null}
              nav={navFor(user ? { holds: (role) => allows(user.role, role) } : null)}
            >
              {children}
            </AppShell>
          </Providers>
        </AppRouterCacheProvider>
      </body>
    </html>
  );
}
