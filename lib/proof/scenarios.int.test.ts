// The scenarios a bulk run's tenant job reads with its claim (storedScenariosJson) are the ones
// Settings shows (loadScenarios): the same scenarios, in the same order, and the defaults before any
// were stored.
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { DEFAULT_SCENARIOS } from "../ca";
import { Prisma } from "../db/generated/client";
import { loadScenarios, saveScenarios, scenariosFrom, storedScenariosJson } from "./scenarios";

describe("the scenarios read with another statement", () => {
  const t = useTestPrisma();
  const readWithClaim = async () => {
    const [row] = await t.prisma.$queryRaw<{ scenarios: unknown }[]>(Prisma.sql`select 1 as claimed, ${storedScenariosJson} as scenarios`);
    return row!.scenarios;
  };

  it("are the defaults, stored, while none are stored", async () => {
    expect(await readWithClaim()).toBeNull();
    expect(await scenariosFrom(t.prisma, await readWithClaim())).toEqual(DEFAULT_SCENARIOS.map((s) => ({ ...s, applicationIds: [...s.applicationIds] })));
    expect(await t.prisma.signInScenario.count()).toBe(DEFAULT_SCENARIOS.length);
  });

  it("are the admin's scenarios in their order once saved, as Settings reads them", async () => {
    await saveScenarios(
      t.prisma,
      [
        {
          key: "z-helpdesk",
          name: "Helpdesk from the office",
          userKind: "technician",
          applicationIds: ["c44b4083-3bb0-49c1-b47d-974e53cbdf3c"],
          clientAppType: "browser",
          devicePlatform: "windows",
          ipAddress: "203.0.113.7",
          country: "NL",
        },
        {
          key: "a-automation",
          name: "Automation to Graph",
          userKind: "automation-account",
          applicationIds: ["00000003-0000-0000-c000-000000000000"],
          clientAppType: "mobileAppsAndDesktopClients",
          devicePlatform: null,
          ipAddress: null,
          country: null,
        },
      ],
      "admin@msp.example",
    );
    const stored = await scenariosFrom(t.prisma, await readWithClaim());
    expect(stored.map((s) => s.key)).toEqual(["z-helpdesk", "a-automation"]);
    expect(stored).toEqual(await loadScenarios(t.prisma));
  });
});
