"use client";
import ExpandMoreOutlined from "@mui/icons-material/ExpandMoreOutlined";
import Accordion from "@mui/material/Accordion";
import AccordionDetails from "@mui/material/AccordionDetails";
import AccordionSummary from "@mui/material/AccordionSummary";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import type { PolicyView } from "@/lib/db/queries/tenant-policies";
import type { ChipColor } from "../tenants/access";
import { OUTCOME, STATE } from "./outcome";
import { DescriptionList } from "./DescriptionList";

/** What the list shows of a policy; the partner page passes its own outcomes (about its service account). */
export type PolicyListItem = Pick<PolicyView, "id" | "displayName" | "state" | "reason" | "warnings" | "sections"> & {
  outcome: string;
  /** The conditions page's rules the policy breaks, when the page assesses them. */
  findings?: PolicyView["findings"];
  /** When the tenant last changed it, shown so a list scans by recency. */
  modifiedAt?: string | null;
  microsoftManaged?: boolean;
};

export function PolicyList<P extends PolicyListItem>({
  policies,
  actions,
  outcomes = OUTCOME,
  chips,
  empty = "No Conditional Access policies in the last sync.",
}: {
  policies: P[];
  actions?: (p: P) => ReactNode;
  /** Chip label and colour per outcome. */
  outcomes?: Readonly<Record<string, { label: string; color: ChipColor }>>;
  /** More chips beside the outcome (e.g. which policy is the dedicated one). */
  chips?: (p: P) => ReactNode;
  empty?: string;
}) {
  if (policies.length === 0) return <Typography color="text.secondary">{empty}</Typography>;
  return (
    <Box>
      {policies.map((p) => {
        const outcome = outcomes[p.outcome] ?? { label: p.outcome, color: "default" as const };
        return (
          <Accordion key={p.id} disableGutters data-testid="policy" data-policy-id={p.id} data-outcome={p.outcome}>
            {/* minWidth 0 and anywhere: a long policy name wraps on a phone instead of pushing the page wider (issue 20). */}
            <AccordionSummary expandIcon={<ExpandMoreOutlined />} sx={{ "& .MuiAccordionSummary-content": { minWidth: 0 } }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: "center", width: "100%", minWidth: 0, pr: 1, flexWrap: "wrap" }}>
                <Typography sx={{ flexGrow: 1, fontWeight: 500, minWidth: 0, overflowWrap: "anywhere" }}>{p.displayName}</Typography>
                {p.modifiedAt ? (
                  <Typography variant="caption" color="text.secondary" data-testid="policy-modified">
                    changed {new Date(p.modifiedAt).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" })}
                  </Typography>
                ) : null}
                <Chip size="small" variant="outlined" label={STATE[p.state] ?? p.state} />
                {p.microsoftManaged ? <Chip size="small" variant="outlined" color="info" label="Microsoft-managed" data-testid="microsoft-managed" /> : null}
                {chips?.(p)}
                {p.findings?.length ? (
                  <Chip
                    size="small"
                    color="info"
                    variant="outlined"
                    label={`${p.findings.length} finding${p.findings.length === 1 ? "" : "s"}`}
                    data-testid="findings-count"
                  />
                ) : null}
                <Chip size="small" color={outcome.color} label={outcome.label} />
              </Stack>
            </AccordionSummary>
            <AccordionDetails>
              <Stack spacing={1.5}>
                <Typography variant="body2">{p.reason}</Typography>
                {p.warnings.map((w) => (
                  <Alert key={w} severity="warning">
                    {w}
                  </Alert>
                ))}
                {p.findings?.map((f) => (
                  <Alert key={f.id} severity="info" data-testid="finding" data-finding={f.id}>
                    {f.text}
                    <Typography variant="caption" component="p" sx={{ mt: 0.5 }}>
                      Microsoft&apos;s conditions page: {f.rule}
                    </Typography>
                  </Alert>
                ))}
                {actions ? <Box>{actions(p)}</Box> : null}
                <DescriptionList sections={p.sections} />
              </Stack>
            </AccordionDetails>
          </Accordion>
        );
      })}
    </Box>
  );
}
