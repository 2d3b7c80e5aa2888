"use client";
// The checklist on the partner page, with the one item Graph cannot check: the admin's attestation
// that classic MFA trusted IPs are removed (who and when are shown once it is made).
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import CircularProgress from "@mui/material/CircularProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useMutation } from "@tanstack/react-query";
import { attestTrustedIps } from "@/app/partner/actions";
import { ChecklistItems, checklistSummary } from "./ChecklistItems";
import { unwrap } from "@/components/data/fetch";
import { useInvalidatePartner, usePartnerChecklist } from "@/components/data/queries";

export function ChecklistCard({ canAttest }: { canAttest: boolean }) {
  const checklist = usePartnerChecklist();
  const invalidate = useInvalidatePartner();
  const attest = useMutation({ mutationFn: (removed: boolean) => unwrap(attestTrustedIps({ removed })), onSettled: () => invalidate() });
  const attested = Boolean(checklist.data?.items.find((i) => i.key === "trusted-ips-removed")?.attestedAt);
  const attestation = canAttest ? (
    <Box sx={{ mt: 0.5 }}>
      {attested ? (
        <Button size="small" disabled={attest.isPending} onClick={() => attest.mutate(false)}>
          Withdraw the attestation
        </Button>
      ) : (
        <Button size="small" variant="outlined" disabled={attest.isPending || !checklist.data} onClick={() => attest.mutate(true)}>
          I have removed the classic MFA trusted IPs
        </Button>
      )}
    </Box>
  ) : null;
  return (
    <Card data-testid="partner-checklist" data-done={checklist.data ? String(checklist.data.done) : undefined}>
      <CardContent>
        <Stack spacing={1}>
          <Stack direction="row" spacing={1} sx={{ alignItems: "baseline" }}>
            <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
              Checklist
            </Typography>
            {checklist.data ? (
              <Typography variant="body2" color="text.secondary">
                {checklistSummary(checklist.data)}
              </Typography>
            ) : null}
            {checklist.isFetching ? <CircularProgress size={16} aria-label="Reading the checklist" /> : null}
          </Stack>
          {checklist.error ? <Alert severity="error">The checklist could not be read: {checklist.error.message}</Alert> : null}
          {checklist.data ? <ChecklistItems checklist={checklist.data} actions={{ "trusted-ips-removed": attestation }} /> : null}
          {attest.error ? <Alert severity="error">{attest.error.message}</Alert> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
