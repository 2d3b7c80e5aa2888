// The hardening checklist from what is known (pure): each item done or not, with one sentence.
import type { PartnerOverview } from "./overview";

/** Where classic (per-user) MFA's trusted IPs are changed; Graph cannot read or write that setting. */
export const MFA_SERVICE_SETTINGS_URL = "https://account.activedirectory.windowsazure.com/usermanagement/mfasettings.aspx";

export const CHECKLIST_KEYS = ["excluded-everywhere", "dedicated-exists", "dedicated-enforced", "trusted-ips-removed"] as const;
export type ChecklistKey = (typeof CHECKLIST_KEYS)[number];

export interface ChecklistItem {
  key: ChecklistKey;
  title: string;
  done: boolean;
  sentence: string;
  /** Where to change it, for the manual item. */
  link?: string;
  attestedByUpn?: string | null;
  attestedAt?: Date | null;
}

export interface Checklist {
  items: ChecklistItem[];
  done: boolean;
}

export interface Attestation {
  trustedIpsRemovedAttestedAt: Date | null;
  trustedIpsRemovedAttestedByUpn: string | null;
}

const TITLES: Record<ChecklistKey, string> = {
  "excluded-everywhere": "The service account is excluded from every other policy",
  "dedicated-exists": "The dedicated policy exists",
  "dedicated-enforced": "The dedicated policy is enforced",
  "trusted-ips-removed": "Classic MFA trusted IPs removed",
};

const names = (list: readonly string[]) => list.map((n) => `"${n}"`).join(", ");

/**
 * `overview` is null when the partner tenant's policies could not be read (`readError` says why):
 * the items that depend on them are then not done, never assumed.
 * - excluded everywhere: every policy but the dedicated one plans already-excluded or not-applicable
 *   (disabled ones too: they may be switched on); an unreadable policy counts against it.
 * - enforced: state "enabled" and no drift from the expected shape.
 * - trusted IPs: a person's attestation (who and when).
 */
export function buildChecklist(
  overview: Omit<PartnerOverview, "tenantId" | "access" | "accessNote"> | null,
  attestation: Attestation,
  readError: string | null = null,
): Checklist {
  const unread = `The partner tenant's policies could not be read: ${readError ?? "unknown reason"}`;
  const item = (key: ChecklistKey, done: boolean, sentence: string): ChecklistItem => ({ key, title: TITLES[key], done, sentence });
  const items: ChecklistItem[] = [];

  if (!overview) items.push(item("excluded-everywhere", false, unread));
  else if (!overview.account) items.push(item("excluded-everywhere", false, "Choose the automation service account first."));
  else {
    const others = overview.policies.filter((p) => !p.dedicated);
    const missing = others.filter((p) => p.exclusion === null || (p.exclusion.outcome !== "already-excluded" && p.exclusion.outcome !== "not-applicable"));
    items.push(
      missing.length === 0
        ? item(
            "excluded-everywhere",
            true,
            `The service account ${overview.account.upn} is excluded from all ${others.length} other policies, or they cannot apply to it.`,
          )
        : item(
            "excluded-everywhere",
            false,
            `${missing.length} of ${others.length} policies may still apply to the service account: ${names(missing.map((p) => p.displayName))}. Preview and apply the exclusion.`,
          ),
    );
  }

  const dedicated = overview?.dedicated ?? null;
  if (!overview) items.push(item("dedicated-exists", false, unread));
  else if (!dedicated) items.push(item("dedicated-exists", false, `There is no policy "${overview.dedicatedPolicyName}" yet. Create it (report-only first).`));
  else
    items.push(
      item(
        "dedicated-exists",
        true,
        `"${dedicated.displayName}" exists (${dedicated.state === "enabled" ? "enforced" : dedicated.state === "disabled" ? "off" : "report-only"}).`,
      ),
    );

  if (!overview) items.push(item("dedicated-enforced", false, unread));
  else if (!dedicated) items.push(item("dedicated-enforced", false, "The dedicated policy has to exist before it can be enforced."));
  else if (dedicated.drift.length > 0)
    items.push(item("dedicated-enforced", false, `The dedicated policy differs from the expected shape: ${dedicated.drift.join(" ")} Repair it.`));
  else if (!dedicated.enforced)
    items.push(
      item(
        "dedicated-enforced",
        false,
        `The dedicated policy is ${dedicated.state === "disabled" ? "off" : "report-only"}: enforce it once its sign-in reports look right.`,
      ),
    );
  else items.push(item("dedicated-enforced", true, "The dedicated policy is enforced and has the expected shape."));

  const at = attestation.trustedIpsRemovedAttestedAt;
  items.push({
    ...item(
      "trusted-ips-removed",
      at !== null,
      at !== null
        ? `Attested by ${attestation.trustedIpsRemovedAttestedByUpn ?? "an unknown user"} on ${at.toISOString()}.`
        : "Not attested yet. Graph cannot read this setting: remove every trusted IP in the legacy per-user MFA service settings, then attest it here.",
    ),
    link: MFA_SERVICE_SETTINGS_URL,
    attestedByUpn: attestation.trustedIpsRemovedAttestedByUpn,
    attestedAt: at,
  });
  return { items, done: items.every((i) => i.done) };
}
