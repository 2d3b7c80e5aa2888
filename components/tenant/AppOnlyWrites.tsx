"use client";
// The tenant page's "GDAP ended means no writes" card: whether the portal may write to this tenant
// with its app-only access while GDAP is not active, who allowed it and when; admins switch it.
import Alert from "@mui/material/Alert";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import FormControlLabel from "@mui/material/FormControlLabel";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setAppOnlyWrites } from "@/app/tenants/[tenantId]/app-only-actions";

export function AppOnlyWrites(props: { tenantId: string; gdapActive: boolean; allowedAt: string | null; allowedByUpn: string | null; canManage: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState({ allowedAt: props.allowedAt, allowedByUpn: props.allowedByUpn });
  // The switch moves at once; the card says who and when once the server has recorded it.
  const [asked, setAsked] = useState<boolean | null>(null);
  const allowed = state.allowedAt !== null;
  const change = (next: boolean) => {
    setAsked(next);
    setError(null);
    startTransition(async () => {
      const result = await setAppOnlyWrites({ tenantId: props.tenantId, allowed: next });
      if (result.ok) setState(result.data);
      else setError(result.error.message);
      setAsked(null);
      router.refresh();
    });
  };
  return (
    <Card data-testid="app-only-writes" data-allowed={String(allowed)} variant="outlined">
      <CardContent>
        <Stack spacing={1}>
          <Typography variant="h6" component="h2">
            Writes without GDAP
          </Typography>
          {!props.gdapActive ? (
            <Alert severity={allowed ? "warning" : "info"} data-testid="gdap-ended">
              {allowed
                ? "GDAP with this customer has ended, and an admin allowed app-only writes: fixes are written with the portal's own app permissions."
                : "GDAP with this customer has ended; the portal does not write to it unless an admin allows app-only writes."}
            </Alert>
          ) : null}
          <Typography variant="body2" color="text.secondary">
            A customer who ends GDAP withdraws the MSP&apos;s delegated access. The portal then writes nothing to the tenant, even where its app still holds
            application permissions, unless an admin allows it here.
          </Typography>
          <FormControlLabel
            control={<Switch checked={asked ?? allowed} disabled={!props.canManage || pending} onChange={(e) => change(e.target.checked)} />}
            label="Allow app-only writes to this tenant while GDAP is not active"
          />
          <Typography variant="body2" data-testid="app-only-writes-state">
            {allowed
              ? `Allowed by ${state.allowedByUpn ?? "an admin"} on ${new Date(state.allowedAt!).toLocaleString()}.`
              : "Not allowed: no writes without active GDAP."}
            {props.canManage ? "" : " Only an admin can change this."}
          </Typography>
          {error ? <Alert severity="error">{error}</Alert> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
