// The delegated cache as stored (token-cache.ts): what a restart needs, and nothing that grows with
// the number of customer tenants the account got tokens in.
import { describe, expect, it } from "vitest";
import { slimDelegatedCache } from "./token-cache";

const HOME = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
const OID = "0000aaaa-0000-4000-8000-000000000001";
const customer = (n: number) => `cccccccc-${String(n).padStart(4, "0")}-4333-8333-cccccccccccc`;
const profile = (tenantId: string) => JSON.stringify({ tenantId, localAccountId: OID, name: "Automation", isHomeTenant: tenantId === HOME });

/** A cache as msal-node serializes it after tokens in the home tenant and `customers` customer tenants. */
function msalCache(customers: number) {
  const tenants = [HOME, ...Array.from({ length: customers }, (_, n) => customer(n))];
  const homeAccountId = `${OID}.${HOME}`;
  return {
    Account: {
      [`${homeAccountId}-login.example-${HOME}`]: {
        home_account_id: homeAccountId,
        environment: "login.example",
        realm: HOME,
        username: "automation@msp.example",
        tenantProfiles: tenants.map(profile),
      },
    },
    IdToken: Object.fromEntries(tenants.map((t) => [`idtoken-${t}`, { home_account_id: homeAccountId, realm: t, secret: "id-token" }])),
    AccessToken: Object.fromEntries(tenants.map((t) => [`at-${t}`, { home_account_id: homeAccountId, realm: t, secret: "access-token" }])),
    RefreshToken: { rt: { home_account_id: homeAccountId, secret: "the refresh token" } },
    AppMetadata: {},
  };
}

describe("the delegated cache as stored", () => {
  it("keeps the account with its home profile, the home id token and the one refresh token; no access tokens", () => {
    const slim = JSON.parse(slimDelegatedCache(JSON.stringify(msalCache(3))));
    const [account] = Object.values(slim.Account) as { username: string; tenantProfiles: string[] }[];
    expect(account!.username).toBe("automation@msp.example");
    expect(account!.tenantProfiles.map((p) => JSON.parse(p).tenantId)).toEqual([HOME]);
    expect(Object.keys(slim.IdToken)).toEqual([`idtoken-${HOME}`]);
    expect(slim.AccessToken).toEqual({});
    expect(slim.RefreshToken).toEqual({ rt: expect.objectContaining({ secret: "the refresh token" }) });
  });

  it("is as small after 10,000 customer tenants as after one", () => {
    const one = slimDelegatedCache(JSON.stringify(msalCache(1)));
    const fleet = slimDelegatedCache(JSON.stringify(msalCache(10_000)));
    expect(fleet.length).toBe(one.length);
  });

  it("keeps the newest profile of an account msal rebuilt without its home tenant's, never none", () => {
    const cache = msalCache(3);
    const account = Object.values(cache.Account)[0]!;
    account.tenantProfiles = [profile(customer(7)), profile(customer(8))];
    const slim = JSON.parse(slimDelegatedCache(JSON.stringify(cache)));
    const [stored] = Object.values(slim.Account) as { tenantProfiles: string[] }[];
    expect(stored!.tenantProfiles.map((p) => JSON.parse(p).tenantId)).toEqual([customer(8)]);
  });

  it("leaves an account msal wrote without tenant profiles as it was", () => {
    const cache = msalCache(2);
    const account = Object.values(cache.Account)[0]!;
    delete (account as { tenantProfiles?: string[] }).tenantProfiles;
    const slim = JSON.parse(slimDelegatedCache(JSON.stringify(cache)));
    expect(Object.values(slim.Account)).toEqual([account]);
  });
});
