// The production build refuses code that does not type-check: `next build` runs TypeScript over the
// project unless next.config.js turns that off. Shown once by hand (README, "Production mode"): a
// string assigned to a number in app/status/page.tsx made `npm run build` end with
// "Failed to type check." and exit code 1.
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";

const CONFIG = "../next.config.js"; // plain JavaScript (checked by // @ts-check), read as Next reads it
const { default: nextConfig } = (await import(CONFIG)) as { default: NextConfig };

describe("next.config.js", () => {
  it("lets type errors fail the build", () => {
    expect(nextConfig.typescript?.ignoreBuildErrors ?? false).toBe(false);
  });
});
