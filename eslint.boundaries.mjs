// Which part of the repository may import which (docs/architecture.md), enforced by ESLint so a
// wrong import fails `npm test` instead of waiting for a review. testing/boundaries.test.ts shows
// each rule refusing a deliberately wrong import.
//
// Folders are resolved, not matched as text: eslint-plugin-import resolves "@/…" and relative
// specifiers (eslint-config-next configures its TypeScript resolver), so "../../emulator/x" and
// "@/emulator/x" are the same import.

export const MESSAGES = {
  lib: "lib/ is product code: it never imports app/, components/, emulator/, testing/, dev/ or scripts/.",
  libTests: "Tests under lib/ never import app/, components/ or emulator/ (tests that drive the local cloud live in testing/).",
  emulator: "The local cloud stands apart from the portal: emulator/ never imports lib/, app/, components/, testing/, dev/ or scripts/.",
  ca: "lib/ca is pure Conditional Access logic: it imports only lib/ca (./…), never Graph, the database or a package.",
  caTests: "lib/ca's tests test lib/ca alone (with testing/'s sample policies at most); tests that need more of the project live in testing/.",
  components: "components/ take only types from lib/; data comes through server actions (app/**/actions.ts) and route handlers.",
};

const zones = (target, from, message) => ({ "import/no-restricted-paths": ["error", { zones: [{ target, from, message }] }] });
const patterns = (pattern) => ({ "@typescript-eslint/no-restricted-imports": ["error", { patterns: [pattern] }] });

export const BOUNDARIES = [
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    ignores: ["lib/**/*.test.ts"],
    rules: zones("./lib", ["./app", "./components", "./emulator", "./testing", "./dev", "./scripts"], MESSAGES.lib),
  },
  {
    files: ["lib/**/*.test.ts"],
    rules: zones("./lib", ["./app", "./components", "./emulator"], MESSAGES.libTests),
  },
  {
    files: ["emulator/**/*.ts"],
    rules: zones("./emulator", ["./lib", "./app", "./components", "./testing", "./dev", "./scripts"], MESSAGES.emulator),
  },
  {
    // lib/ca is one flat folder: anything but "./…" leaves it.
    files: ["lib/ca/**/*.ts"],
    ignores: ["lib/ca/**/*.test.ts"],
    rules: patterns({ regex: "^(?!\\./)", message: MESSAGES.ca }),
  },
  {
    files: ["lib/ca/**/*.test.ts"],
    rules: patterns({ regex: "^(@/(?!testing/)|\\.\\./(?!\\.\\./testing/))", message: MESSAGES.caTests }),
  },
  {
    // Tests are not shipped to the browser: they may check components against lib's constants.
    files: ["components/**/*.ts", "components/**/*.tsx"],
    ignores: ["components/**/*.test.ts"],
    rules: patterns({ regex: "^(@/|(\\.\\./)+)lib(/|$)", allowTypeImports: true, message: MESSAGES.components }),
  },
];
