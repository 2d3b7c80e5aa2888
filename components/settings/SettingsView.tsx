"use client";
import LinkOffOutlined from "@mui/icons-material/LinkOffOutlined";
import LinkOutlined from "@mui/icons-material/LinkOutlined";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import FormControlLabel from "@mui/material/FormControlLabel";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { disconnectAutomationAccount, setTicketRequired } from "@/app/settings/actions";
import { freshSignInRedirect } from "@/components/data/fresh-sign-in";
import { ApprovalSetting } from "./ApprovalSetting";
import { GuardSetting } from "./GuardSetting";
import { ScenarioSetting } from "./ScenarioSetting";
import type { SignInScenario } from "@/lib/ca";
import type { PortalSettingsView } from "@/lib/db/queries/portal-settings";

export type HealthView =
  | { connected: false; message: string }
  | { connected: true; healthy: boolean; message: string; accountUpn: string | null; connectedByUpn: string | null; connectedAt: string | null };

export function SettingsView(props: {
  partnerTenantId: string | null;
  cloud: string;
  health: HealthView;
  canManage: boolean;
  portal: PortalSettingsView;
  guard: { mode: string; setByUpn: string | null };
  scenarios: SignInScenario[];
  justConnected: boolean;
  /** Back from the fresh sign-in connecting asked for: press Connect again. */
  signedInAgain: boolean;
  failure: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const h = props.health;
  return (
    <Stack spacing={2} sx={{ maxWidth: 900 }}>
      <Typography variant="h4" component="h1">
        Settings
      </Typography>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2">
            Partner tenant
          </Typography>
          <Typography variant="body2" data-testid="partner-tenant-id">
            {props.partnerTenantId ?? "not configured"}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Set by PARTNER_TENANT_ID; only accounts of this tenant can sign in, and its GDAP relationships list the customers. Cloud: {props.cloud}.
          </Typography>
        </CardContent>
      </Card>
      <Card data-testid="automation-account">
        <CardContent>
          <Stack spacing={1.5}>
            <Typography variant="h6" component="h2">
              Automation account
            </Typography>
            <Typography variant="body2" color="text.secondary">
              The account whose GDAP access the portal uses to read and fix customers&apos; Conditional Access. Sign it in once; its refresh token is kept only
              in the encrypted token cache.
            </Typography>
            {props.justConnected ? <Alert severity="success">The automation account is connected.</Alert> : null}
            {props.failure ? <Alert severity="error">{props.failure}</Alert> : null}
            {props.signedInAgain ? (
              <Alert severity="info">Connecting the automation account needs a recent sign-in: you have signed in again, so connect it now.</Alert>
            ) : null}
            {error ? <Alert severity="error">{error}</Alert> : null}
            <Alert severity={h.connected ? (h.healthy ? "success" : "warning") : "info"} data-testid="connection-health">
              {h.message}
              {h.connected && h.connectedByUpn
                ? ` Connected by ${h.connectedByUpn}${h.connectedAt ? ` on ${new Date(h.connectedAt).toLocaleString()}` : ""}.`
                : ""}
            </Alert>
            {props.canManage ? (
              <Stack direction="row" spacing={1}>
                {/* A real form POST: the browser must go to Entra's sign-in page and come back. */}
                <form action="/api/partner/connect" method="post">
                  <input type="hidden" name="returnTo" value="/settings?connect=ok" />
                  <Button type="submit" variant="contained" startIcon={<LinkOutlined />}>
                    {h.connected ? "Connect again" : "Connect automation account"}
                  </Button>
                </form>
                {h.connected ? (
                  <Button color="error" startIcon={<LinkOffOutlined />} onClick={() => setConfirming(true)}>
                    Disconnect
                  </Button>
                ) : null}
              </Stack>
            ) : (
              <Typography variant="body2" color="text.secondary">
                Only an admin can connect or disconnect the automation account.
              </Typography>
            )}
          </Stack>
        </CardContent>
      </Card>
      {/* Disconnecting stops every sync, preview and fix at once: it is asked first. */}
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="disconnect-title">
        <DialogTitle id="disconnect-title">Disconnect the automation account?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Its refresh token is deleted. Until an admin connects it again the portal cannot read or fix any tenant: syncs, previews and runs are refused, and
            the guard cannot read the tenants.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)} autoFocus>
            Keep it connected
          </Button>
          <Button
            color="error"
            onClick={async () => {
              setConfirming(false);
              const r = await disconnectAutomationAccount({});
              if (r.ok) router.refresh();
              else setError(freshSignInRedirect(r) ?? r.error.message);
            }}
          >
            Disconnect
          </Button>
        </DialogActions>
      </Dialog>
      <TicketSetting portal={props.portal} canManage={props.canManage} />
      <ApprovalSetting portal={props.portal} canManage={props.canManage} />
      <GuardSetting mode={props.guard.mode} setByUpn={props.guard.setByUpn} canManage={props.canManage} />
      <ScenarioSetting scenarios={props.scenarios} canManage={props.canManage} />
    </Stack>
  );
}

/** Whether every change must carry the MSP's ticket reference: admins set it, everyone sees it. */
function TicketSetting({ portal, canManage }: { portal: PortalSettingsView; canManage: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card data-testid="ticket-setting">
      <CardContent>
        <Stack spacing={1}>
          <Typography variant="h6" component="h2">
            Ticket references
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Each change can carry the ticket of your PSA it belongs to; it is shown in the history, the CSV exports and the run&apos;s summary.
          </Typography>
          <FormControlLabel
            control={
              <Switch
                checked={portal.ticketRequired}
                disabled={!canManage || busy}
                onChange={async (e) => {
                  setBusy(true);
                  setError(null);
                  const r = await setTicketRequired({ required: e.target.checked });
                  setBusy(false);
                  if (r.ok) router.refresh();
                  else setError(r.error.message);
                }}
              />
            }
            label="Require a ticket reference for every change"
          />
          {portal.updatedByUpn ? (
            <Typography variant="body2" color="text.secondary">
              Last changed by {portal.updatedByUpn}
              {portal.updatedAt ? ` on ${new Date(portal.updatedAt).toLocaleString()}` : ""}.
            </Typography>
          ) : null}
          {error ? <Alert severity="error">{error}</Alert> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
