"use client";
// Four-eyes rules (lib/runs/approval.ts): when a run needs a second admin, how long a request
// waits, and how long the approver must look at the preview first. Admins change them; everyone sees them.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import FormControlLabel from "@mui/material/FormControlLabel";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { setApprovalRules } from "@/app/settings/actions";
import { freshSignInRedirect } from "@/components/data/fresh-sign-in";
import type { ApprovalRules, PortalSettingsView } from "@/lib/db/queries/portal-settings";

const NUMBERS: { key: Exclude<keyof ApprovalRules, "forPartner">; label: string; help: string }[] = [
  { key: "aboveTenants", label: "Approval above this many tenants", help: "A run writing to more tenants waits for a second admin (0: every run)." },
  { key: "expiryHours", label: "Approval expires after (hours)", help: "A request nobody approves in time is cancelled." },
  { key: "delaySeconds", label: "Approver waits (seconds)", help: "Approve stays inactive this long, with the preview in front of the approver." },
];

export function ApprovalSetting({ portal, canManage }: { portal: PortalSettingsView; canManage: boolean }) {
  const router = useRouter();
  const [rules, setRules] = useState<ApprovalRules>(portal.approval);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const changed = JSON.stringify(rules) !== JSON.stringify(portal.approval);

  async function save() {
    setBusy(true);
    setError(null);
    const r = await setApprovalRules(rules);
    setBusy(false);
    // Changing who must approve is user administration: it may ask for a fresh sign-in first.
    const signingIn = freshSignInRedirect(r);
    if (signingIn) {
      setError(signingIn);
      return;
    }
    if (r.ok) {
      setFields({});
      router.refresh();
    } else {
      setError(r.error.message);
      setFields(r.error.fields ?? {});
    }
  }

  return (
    <Card data-testid="approval-setting">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            Approvals (four eyes)
          </Typography>
          <Typography variant="body2" color="text.secondary">
            A run that needs approval waits after its confirmation until another admin, whose tenant scope covers every tenant of the run, approves it on the
            run&apos;s page.
          </Typography>
          <Stack direction={{ xs: "column", md: "row" }} spacing={2}>
            {NUMBERS.map((n) => (
              <TextField
                key={n.key}
                label={n.label}
                type="number"
                size="small"
                value={rules[n.key]}
                disabled={!canManage || busy}
                onChange={(e) => setRules({ ...rules, [n.key]: e.target.value === "" ? 0 : Number(e.target.value) })}
                error={!!fields[n.key]}
                helperText={fields[n.key]?.join(" ") ?? n.help}
                sx={{ flex: 1 }}
              />
            ))}
          </Stack>
          <FormControlLabel
            control={<Switch checked={rules.forPartner} disabled={!canManage || busy} onChange={(e) => setRules({ ...rules, forPartner: e.target.checked })} />}
            label="Every change to the MSP's own tenant needs approval"
          />
          {canManage ? (
            <Stack direction="row">
              <Button variant="contained" disabled={!changed || busy} onClick={save}>
                Save approval rules
              </Button>
            </Stack>
          ) : null}
          {error ? <Alert severity="error">{error}</Alert> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
