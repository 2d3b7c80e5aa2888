import { describe, expect, it } from "vitest";
import { canWriteConditionalAccess, readOnlyGdapReason } from "./gdap-write-roles";

const SECURITY_READER = "5d6b6bb7-de71-4623-b4af-96380a352509";
const GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
const CA_ADMIN = "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9";
const SECURITY_ADMIN = "194ae4cb-b126-40b2-bd5b-6091b380977d";
const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";

describe("which GDAP roles may change Conditional Access", () => {
  it("Conditional Access Administrator, Security Administrator and Global Administrator may, alone or with readers", () => {
    for (const writer of [CA_ADMIN, SECURITY_ADMIN, GLOBAL_ADMIN]) {
      expect(canWriteConditionalAccess([writer])).toBe(true);
      expect(canWriteConditionalAccess([SECURITY_READER, writer.toUpperCase()])).toBe(true);
      expect(readOnlyGdapReason([GLOBAL_READER, writer])).toBeNull();
    }
  });

  it("reader roles, other roles or none may not, and the reason names the roles", () => {
    expect(canWriteConditionalAccess([SECURITY_READER, GLOBAL_READER])).toBe(false);
    expect(canWriteConditionalAccess([])).toBe(false);
    expect(readOnlyGdapReason([SECURITY_READER])).toBe(
      "Read-only GDAP: its role (Security Reader) cannot change Conditional Access; that needs Conditional Access Administrator or Security Administrator.",
    );
    expect(readOnlyGdapReason([SECURITY_READER, GLOBAL_READER])).toContain("its roles (Global Reader, Security Reader) cannot change");
    expect(readOnlyGdapReason(["00000000-0000-0000-0000-000000000001"])).toContain("(role 00000000-0000-0000-0000-000000000001)");
    expect(readOnlyGdapReason([])).toContain("Read-only GDAP: it grants no role, so it cannot change Conditional Access");
  });
});
