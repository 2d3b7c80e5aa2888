// @ts-check
/** Security headers every response carries (the portal issue adds a per-request CSP nonce). */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Server-only packages with native bindings, workers or dynamic requires stay as Node modules.
  serverExternalPackages: ["pg", "pg-boss", "@prisma/adapter-pg", "pino"],
  turbopack: { root: import.meta.dirname },
  // A build that never type-checked must not ship: `next build` runs TypeScript over the project and
  // fails on any error (next-config.test.ts; README "Production mode").
  typescript: { ignoreBuildErrors: false },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
