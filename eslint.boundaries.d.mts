// Types for eslint.boundaries.mjs (read by testing/boundaries.test.ts).
export declare const MESSAGES: Record<"lib" | "libTests" | "emulator" | "ca" | "caTests" | "components", string>;
export declare const BOUNDARIES: object[];
