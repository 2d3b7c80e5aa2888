import { describe, expect, it } from "vitest";
import { z } from "zod";
import { invalidMessage } from "./invalid-message";

describe("invalidMessage", () => {
  const schema = z.strictObject({
    ids: z.array(z.guid("An app id looks like 00000003-0000-0000-c000-000000000000.")),
    country: z.string().regex(/^[A-Z]{2}$/, "A two-letter country code (ISO 3166-1), e.g. NL."),
  });
  const issues = (raw: unknown) => schema.safeParse(raw).error!.issues;

  it("says what is wrong in the schema's own words, each message once", () => {
    expect(invalidMessage(issues({ ids: ["x", "y"], country: "Germany" }))).toBe(
      "The request was not valid: An app id looks like 00000003-0000-0000-c000-000000000000; A two-letter country code (ISO 3166-1), e.g. NL.",
    );
  });

  it("names three problems and counts the rest", () => {
    const many = ["one.", "two", "three", "four", "five"].map((message) => ({ message }));
    expect(invalidMessage(many)).toBe("The request was not valid: one; two; three (and 2 more).");
  });

  it("falls back to the plain sentence when no issue says anything", () => {
    expect(invalidMessage([])).toBe("The request was not valid.");
    expect(invalidMessage([{ message: " " }])).toBe("The request was not valid.");
  });
});
