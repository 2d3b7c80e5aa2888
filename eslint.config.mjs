import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { BOUNDARIES } from "./eslint.boundaries.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".data/**", "node_modules/**", "lib/db/generated/**", "vendor/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      // Configuration is read and validated in exactly one place (lib/config.ts).
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/config.ts." }],
      // A leading underscore marks a value that is deliberately unused (e.g. a key dropped by destructuring).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  // Boundaries (docs/architecture.md): each part of the repository may import only what it is allowed to.
  ...BOUNDARIES,
  {
    // scripts/contract.ts (and its test) reads the live contract suite's test-tenant variables (CONTRACT_*), not the portal's configuration.
    files: [
      "lib/config.ts",
      "prisma.config.ts",
      "scripts/prisma-generate.mjs",
      "scripts/contract.ts",
      "scripts/contract.test.ts",
      "playwright.config.ts",
      "proxy.ts",
      "emulator/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
