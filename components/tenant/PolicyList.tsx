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
export type PolicyListItem = Pick<PolicyView, "id" | "displayName" | "state" | "reason" | "warnings" | "sections"> & { outcome: string };

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
                <Chip size="small" variant="outlined" label={STATE[p.state] ?? p.state} />
                {chips?.(p)}
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
