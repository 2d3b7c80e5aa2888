// The sign-in scenarios admins edit (Settings), stored in SignInScenario; a portal that has none yet
// starts with lib/ca's DEFAULT_SCENARIOS. Validated here, at the boundary, with zod.
import { z } from "zod";
import { DEFAULT_SCENARIOS, SCENARIO_CLIENT_APP_TYPES, SCENARIO_DEVICE_PLATFORMS, SCENARIO_USER_KINDS, type SignInScenario } from "../ca";
import { parseIp } from "../ca/ip-range";
import { Prisma, type PrismaClient } from "../db/generated/client";

export const MAX_SCENARIOS = 10;

export const signInScenarioInput = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and dashes.")
    .max(60),
  name: z.string().trim().min(3).max(120),
  userKind: z.enum(SCENARIO_USER_KINDS),
  applicationIds: z
    .array(z.guid("An app id looks like 00000003-0000-0000-c000-000000000000.").transform((id) => id.toLowerCase()))
    .min(1, "Name at least one app id.")
    .max(10),
  clientAppType: z.enum(SCENARIO_CLIENT_APP_TYPES),
  devicePlatform: z.enum(SCENARIO_DEVICE_PLATFORMS).nullable(),
  ipAddress: z
    .string()
    .trim()
    .refine((v) => parseIp(v) !== null, "Not an IPv4 or IPv6 address.")
    .nullable(),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, "A two-letter country code (ISO 3166-1), e.g. NL.")
    .transform((c) => c.toUpperCase())
    .nullable(),
});

export const signInScenarioSet = z
  .array(signInScenarioInput)
  .min(1, "Keep at least one scenario.")
  .max(MAX_SCENARIOS)
  .refine((set) => new Set(set.map((s) => s.key)).size === set.length, { message: "Each scenario needs its own key." });

/**
 * The stored scenarios as one JSON array in their order (null when none are stored), as a
 * subquery: a statement that reads something else anyway reads them with it (a bulk run's tenant
 * job, whose proof after the run needs them; one statement less for each of its tenants).
 */
export const storedScenariosJson = Prisma.sql`(select json_agg(json_build_object('key', s.key, 'name', s.name, 'userKind', s."userKind",
  'applicationIds', s."applicationIds", 'clientAppType', s."clientAppType", 'devicePlatform', s."devicePlatform", 'ipAddress', s."ipAddress",
  'country', s.country) order by s.position, s.key) from "SignInScenario" as s)`;

/** The scenarios from storedScenariosJson's answer; read (and the defaults stored) when there were none. */
export async function scenariosFrom(prisma: PrismaClient, stored: unknown): Promise<SignInScenario[]> {
  if (!Array.isArray(stored) || stored.length === 0) return loadScenarios(prisma);
  return stored.map((row) => signInScenarioInput.parse(row));
}

/** The scenarios in their order; the defaults, stored, when there are none yet. */
export async function loadScenarios(prisma: PrismaClient): Promise<SignInScenario[]> {
  const rows = await prisma.signInScenario.findMany({ orderBy: [{ position: "asc" }, { key: "asc" }] });
  if (rows.length === 0) {
    await prisma.signInScenario.createMany({
      data: DEFAULT_SCENARIOS.map((s, position) => ({ ...s, applicationIds: [...s.applicationIds], position })),
      skipDuplicates: true,
    });
    return DEFAULT_SCENARIOS.map((s) => ({ ...s, applicationIds: [...s.applicationIds] }));
  }
  return rows.map((r) =>
    signInScenarioInput.parse({
      key: r.key,
      name: r.name,
      userKind: r.userKind,
      applicationIds: r.applicationIds,
      clientAppType: r.clientAppType,
      devicePlatform: r.devicePlatform,
      ipAddress: r.ipAddress,
      country: r.country,
    }),
  );
}

/** Replaces the whole set (one transaction): what the Settings form sends. */
export async function saveScenarios(prisma: PrismaClient, set: z.output<typeof signInScenarioSet>, updatedByUpn: string): Promise<void> {
  await prisma.$transaction([
    prisma.signInScenario.deleteMany({}),
    prisma.signInScenario.createMany({ data: set.map((s, position) => ({ ...s, position, updatedByUpn })) }),
  ]);
}
