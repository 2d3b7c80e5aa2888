"use client";
// The service account's dedicated policy: missing (create it, report-only), drifted (the drift in
// words, repair), report-only without drift (enforce), or enforced. Each button opens the change
// dialog: the preview with the exact request first, the write only after Confirm. Operators write;
// readers read.
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { STATE } from "@/components/tenant/outcome";
import type { PartnerAction, PartnerOverview } from "@/lib/partner";
import { PartnerChangeDialog } from "./PartnerChangeDialog";

export function DedicatedPolicyCard({ overview, canOperate }: { overview: PartnerOverview; canOperate: boolean }) {
  const [open, setOpen] = useState<{ action: PartnerAction; key: number } | null>(null);
  const { dedicated, account } = overview;
  const button = (action: PartnerAction, label: string, variant: "contained" | "outlined" = "contained") => (
    <Button variant={variant} onClick={() => setOpen({ action, key: Date.now() })}>
      {label}
    </Button>
  );
  return (
    <Card data-testid="dedicated-policy" data-exists={String(dedicated !== null)}>
      <CardContent>
        <Stack spacing={1.5}>
          <Typography variant="h6" component="h2">
            Dedicated policy
          </Typography>
          <Typography variant="body2" color="text.secondary">
            One strict policy that governs only the service account: every cloud app, every client app, MFA at every sign-in, no exclusions, no trusted
            locations. It is created report-only; enforce it once its sign-in reports look right.
          </Typography>
          {dedicated ? (
            <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
              <Typography sx={{ fontWeight: 500 }}>{dedicated.displayName}</Typography>
              <Chip size="small" variant="outlined" label={STATE[dedicated.state] ?? dedicated.state} data-testid="dedicated-state" />
              <Chip
                size="small"
                color={dedicated.drift.length ? "warning" : "success"}
                label={dedicated.drift.length ? "Differs from the expected shape" : "Expected shape"}
              />
            </Stack>
          ) : (
            <Typography data-testid="dedicated-missing">There is no policy &quot;{overview.dedicatedPolicyName}&quot; yet.</Typography>
          )}
          {dedicated && dedicated.drift.length > 0 ? (
            <Alert severity="warning" data-testid="drift">
              <Box component="ul" sx={{ m: 0, pl: 2 }}>
                {dedicated.drift.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </Box>
            </Alert>
          ) : null}
          {canOperate && account ? (
            <Stack direction="row" spacing={1}>
              {dedicated ? null : button("create-service-account-policy", "Create dedicated policy (report-only)…")}
              {dedicated && dedicated.drift.length > 0 ? button("repair-service-account-policy", "Repair…") : null}
              {dedicated && dedicated.drift.length === 0 && !dedicated.enforced ? button("enforce-service-account-policy", "Enforce…", "outlined") : null}
            </Stack>
          ) : null}
        </Stack>
      </CardContent>
      {open ? <PartnerChangeDialog key={open.key} action={open.action} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}
