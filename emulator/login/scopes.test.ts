import { describe, expect, it } from "vitest";
import { grantedDelegatedScopes, parseScopes, responseScope } from "./scopes";

const parse = (raw: string) => {
  const r = parseScopes(raw, "Contoso");
  if (!r.ok) throw new Error(`unexpected ${r.error.code}`);
  return r.scopes;
};
const errorCode = (raw: string) => {
  const r = parseScopes(raw, "Contoso");
  return r.ok ? undefined : r.error.code;
};

describe("parseScopes", () => {
  it("separates OIDC scopes from Graph permissions in any spelling", () => {
    const s = parse(
      "openid profile offline_access Policy.Read.All https://graph.microsoft.com/User.Read 00000003-0000-0000-c000-000000000000/Policy.ReadWrite.ConditionalAccess",
    );
    expect([...s.oidc]).toEqual(["openid", "profile", "offline_access"]);
    expect(s.graph).toEqual(["Policy.Read.All", "User.Read", "Policy.ReadWrite.ConditionalAccess"]);
    expect(s.graphDefault).toBe(false);
  });

  it("reads .default, including the double-slash form", () => {
    expect(parse("https://graph.microsoft.com/.default").graphDefault).toBe(true);
    expect(parse("https://graph.microsoft.com//.default openid").graphDefault).toBe(true);
  });

  it.each([
    ["api://other-app/read", 500011],
    ["api://a/read api://b/write", 700022],
    ["api://a/read Policy.Read.All", 700022],
    ["https://graph.microsoft.com/.default Policy.Read.All", 70011],
    ["Policy Read All!", 70011],
  ])("refuses %s with AADSTS%i", (raw, code) => {
    expect(errorCode(raw)).toBe(code);
  });
});

describe("grantedDelegatedScopes", () => {
  const consented = ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"];
  it("grants requested permissions that are consented, with the consented spelling", () => {
    expect(grantedDelegatedScopes(parse("policy.read.all"), consented)).toEqual({ ok: true, scp: ["Policy.Read.All"] });
  });
  it("names the permissions that are not consented", () => {
    expect(grantedDelegatedScopes(parse("Policy.Read.All User.Read Mail.Send"), consented)).toEqual({ ok: false, missing: ["User.Read", "Mail.Send"] });
  });
  it("grants everything consented for .default or OIDC-only requests", () => {
    expect(grantedDelegatedScopes(parse("https://graph.microsoft.com/.default"), consented)).toEqual({ ok: true, scp: consented });
    expect(grantedDelegatedScopes(parse("openid profile"), consented)).toEqual({ ok: true, scp: consented });
  });
});

describe("responseScope", () => {
  it("echoes permissions as they were requested, then openid/profile/email, never offline_access", () => {
    const s = parse("https://graph.microsoft.com/Policy.Read.All User.Read openid profile offline_access");
    expect(responseScope(s, ["Policy.Read.All", "User.Read"])).toBe("https://graph.microsoft.com/Policy.Read.All User.Read openid profile");
  });
  it("lists the granted permissions under the Graph URI for .default", () => {
    expect(responseScope(parse("https://graph.microsoft.com/.default"), ["Policy.Read.All"])).toBe("https://graph.microsoft.com/Policy.Read.All");
  });
});
