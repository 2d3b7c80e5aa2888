"use client";
// Every Conditional Access policy of the partner tenant, read live: lib/ca's description, whether
// the service account is excluded, and which one is its dedicated policy. Operators open the
// exclusion's preview from here.
import PersonOffOutlined from "@mui/icons-material/PersonOffOutlined";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { PolicyList, type PolicyListItem } from "@/components/tenant/PolicyList";
import type { PartnerOverview, PartnerPolicyView } from "@/lib/partner";
import { PartnerChangeDialog } from "./PartnerChangeDialog";
import { ACCOUNT_OUTCOME } from "./outcome";

type Item = PolicyListItem & { dedicated: boolean };

function itemOf(p: PartnerPolicyView): Item {
  const base = {
    id: p.id,
    displayName: p.displayName,
    state: p.state,
    sections: p.description.map((d) => ({ section: d.section, lines: [...d.lines] })),
    dedicated: p.dedicated,
  };
  if (p.dedicated)
    return {
      ...base,
      outcome: "dedicated",
      reason: "The service account's dedicated policy: it governs the account, so the exclusion never touches it.",
      warnings: [],
    };
  if (p.error) return { ...base, outcome: "unreadable", reason: p.error, warnings: [] };
  if (!p.exclusion) return { ...base, outcome: "no-account", reason: "Choose the service account to see whether this policy excludes it.", warnings: [] };
  return { ...base, outcome: p.exclusion.outcome, reason: p.exclusion.reason, warnings: [...p.exclusion.warnings] };
}

export function PartnerPolicies({ overview, canOperate }: { overview: PartnerOverview; canOperate: boolean }) {
  const [opening, setOpening] = useState<number | null>(null);
  const items = overview.policies.map(itemOf);
  const lacking = items.filter((i) => i.outcome === "patch" || i.outcome === "needs-review").length;
  return (
    <Stack spacing={1.5} component="section" aria-labelledby="partner-policies-heading">
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "center" } }}>
        <Stack sx={{ flexGrow: 1 }}>
          <Typography variant="h6" component="h2" id="partner-policies-heading">
            Policies of the partner tenant ({items.length})
          </Typography>
          <Typography variant="body2" color="text.secondary" data-testid="policies-summary">
            {overview.account
              ? lacking === 0
                ? "The service account is excluded from every policy that could apply to it."
                : `${lacking} ${lacking === 1 ? "policy" : "policies"} may still apply to the service account.`
              : "Choose the service account to see which policies exclude it."}
          </Typography>
        </Stack>
        {canOperate && overview.account ? (
          <Button variant="contained" startIcon={<PersonOffOutlined />} onClick={() => setOpening(Date.now())}>
            Preview exclusion
          </Button>
        ) : null}
      </Stack>
      <PolicyList
        policies={items}
        outcomes={ACCOUNT_OUTCOME}
        empty="The partner tenant has no Conditional Access policies."
        chips={(p) => (p.dedicated ? <Chip size="small" color="primary" label="Dedicated policy" data-testid="dedicated-chip" /> : null)}
      />
      {opening !== null ? <PartnerChangeDialog key={opening} action="exclude-service-account" onClose={() => setOpening(null)} /> : null}
    </Stack>
  );
}
