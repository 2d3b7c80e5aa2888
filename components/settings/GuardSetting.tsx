"use client";
// The guard's mode for tenants in no group (each group has its own, on Tenant groups). Admins change
// it; everyone sees it.
import Alert from "@mui/material/Alert";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { setDefaultGuardModeAction } from "@/app/settings/actions";
import { freshSignInRedirect } from "@/components/data/fresh-sign-in";

const MODES: { value: "off" | "alert" | "auto-fix"; label: string; help: string }[] = [
  { value: "off", label: "Off: record only", help: "Changes are recorded and shown on each tenant's page; nothing is sent." },
  { value: "alert", label: "Alert", help: "Changes go to the alert destinations." },
  {
    value: "auto-fix",
    label: "Auto-fix and alert",
    help: 'The drift guard also puts the service-provider exclusion back, as a run approved in your name; never on policies marked "leave alone".',
  },
];

export function GuardSetting({ mode, setByUpn, canManage }: { mode: string; setByUpn: string | null; canManage: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function change(next: "off" | "alert" | "auto-fix") {
    setBusy(true);
    setMessage(null);
    const r = await setDefaultGuardModeAction({ mode: next });
    setBusy(false);
    const signingIn = freshSignInRedirect(r);
    if (signingIn) return setMessage({ ok: false, text: signingIn });
    if (!r.ok) return setMessage({ ok: false, text: r.error.message });
    setMessage({
      ok: true,
      text:
        next === "auto-fix" && r.data.needingFix > 0
          ? `Saved. ${r.data.needingFix} tenant(s) in no group need a fix now: the drift guard fixes them at its next sweep.`
          : "Saved.",
    });
    router.refresh();
  }

  return (
    <Card data-testid="guard-setting">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            The guard
          </Typography>
          <Typography variant="body2" color="text.secondary">
            The guard reads every tenant on a schedule and records what changed. Each <Link href="/groups">tenant group</Link> has its own mode; this one is for
            tenants in no group. Where the alerts go: <Link href="/alerts">Alerts</Link>.
          </Typography>
          <TextField
            select
            label="Guard mode for tenants in no group"
            size="small"
            value={mode}
            disabled={!canManage || busy}
            onChange={(e) => change(e.target.value as "off" | "alert" | "auto-fix")}
            helperText={`${MODES.find((m) => m.value === mode)?.help ?? ""}${setByUpn ? ` Set by ${setByUpn}.` : ""}`}
            sx={{ maxWidth: 420 }}
          >
            {MODES.map((m) => (
              <MenuItem key={m.value} value={m.value}>
                {m.label}
              </MenuItem>
            ))}
          </TextField>
          {message ? <Alert severity={message.ok ? "success" : "error"}>{message.text}</Alert> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
