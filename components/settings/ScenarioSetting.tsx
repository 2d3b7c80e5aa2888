"use client";
// The sign-in scenarios proof of access asks Microsoft's What If about (lib/proof): who, which apps,
// which client, platform and address. Admins edit the set (a fresh sign-in, audited); everyone sees it.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { setSignInScenarios } from "@/app/settings/actions";
import { freshSignInRedirect } from "@/components/data/fresh-sign-in";
import type { SignInScenario } from "@/lib/ca";

const USER_KINDS = [
  { value: "technician", label: "Technician (GDAP)" },
  { value: "automation-account", label: "Automation account" },
] as const;
const CLIENTS = [
  { value: "browser", label: "Browser" },
  { value: "mobileAppsAndDesktopClients", label: "App or desktop client" },
] as const;
const PLATFORMS = ["", "windows", "macOS", "linux", "iOS", "android"] as const;

interface Row {
  key: string;
  name: string;
  userKind: SignInScenario["userKind"];
  apps: string;
  clientAppType: SignInScenario["clientAppType"];
  devicePlatform: string;
  ipAddress: string;
  country: string;
}

const toRow = (s: SignInScenario): Row => ({
  key: s.key,
  name: s.name,
  userKind: s.userKind,
  apps: s.applicationIds.join(", "),
  clientAppType: s.clientAppType,
  devicePlatform: s.devicePlatform ?? "",
  ipAddress: s.ipAddress ?? "",
  country: s.country ?? "",
});
const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || "scenario";

export function ScenarioSetting({ scenarios, canManage }: { scenarios: SignInScenario[]; canManage: boolean }) {
  const router = useRouter();
  const [rows, setRows] = useState<Row[]>(scenarios.map(toRow));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const edit = (i: number, change: Partial<Row>) => setRows((all) => all.map((r, j) => (j === i ? { ...r, ...change } : r)));

  async function save() {
    setBusy(true);
    setMessage(null);
    const r = await setSignInScenarios({
      scenarios: rows.map((row) => ({
        key: row.key || slug(row.name),
        name: row.name,
        userKind: row.userKind,
        applicationIds: row.apps
          .split(/[\s,]+/)
          .map((a) => a.trim())
          .filter(Boolean),
        clientAppType: row.clientAppType,
        devicePlatform: (row.devicePlatform || null) as SignInScenario["devicePlatform"],
        ipAddress: row.ipAddress.trim() || null,
        country: row.country.trim() || null,
      })),
    });
    setBusy(false);
    const signingIn = freshSignInRedirect(r);
    if (signingIn) return setMessage({ ok: false, text: signingIn });
    if (!r.ok) return setMessage({ ok: false, text: r.error.message });
    setRows(r.data.map(toRow));
    setMessage({ ok: true, text: "Saved. The next check of each tenant asks about these sign-ins." });
    router.refresh();
  }

  const disabled = !canManage || busy;
  return (
    <Card data-testid="sign-in-scenarios">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            Sign-in scenarios (proof of access)
          </Typography>
          <Typography variant="body2" color="text.secondary">
            The GDAP sign-ins each tenant&apos;s proof of access asks Microsoft&apos;s What If about, as the MSP&apos;s service provider. App ids are cloud apps
            (e.g. Microsoft Graph 00000003-0000-0000-c000-000000000000, Azure management 797f4846-ba00-4fd7-ba43-dac1f8f63013).
          </Typography>
          {rows.map((row, i) => (
            <Stack key={i} spacing={1} sx={{ borderLeft: 3, borderColor: "divider", pl: 2 }} data-testid="scenario-row">
              <Stack direction={{ xs: "column", md: "row" }} spacing={1}>
                <TextField
                  size="small"
                  label="Name"
                  value={row.name}
                  disabled={disabled}
                  onChange={(e) => edit(i, { name: e.target.value })}
                  sx={{ flex: 2 }}
                />
                <TextField
                  select
                  size="small"
                  label="Who"
                  value={row.userKind}
                  disabled={disabled}
                  onChange={(e) => edit(i, { userKind: e.target.value as Row["userKind"] })}
                  sx={{ minWidth: 200 }}
                >
                  {USER_KINDS.map((k) => (
                    <MenuItem key={k.value} value={k.value}>
                      {k.label}
                    </MenuItem>
                  ))}
                </TextField>
              </Stack>
              <Stack direction={{ xs: "column", md: "row" }} spacing={1}>
                <TextField
                  size="small"
                  label="App ids"
                  value={row.apps}
                  disabled={disabled}
                  onChange={(e) => edit(i, { apps: e.target.value })}
                  sx={{ flex: 2 }}
                />
                <TextField
                  select
                  size="small"
                  label="Client"
                  value={row.clientAppType}
                  disabled={disabled}
                  onChange={(e) => edit(i, { clientAppType: e.target.value as Row["clientAppType"] })}
                  sx={{ minWidth: 180 }}
                >
                  {CLIENTS.map((c) => (
                    <MenuItem key={c.value} value={c.value}>
                      {c.label}
                    </MenuItem>
                  ))}
                </TextField>
              </Stack>
              <Stack direction={{ xs: "column", md: "row" }} spacing={1}>
                <TextField
                  select
                  size="small"
                  label="Platform"
                  value={row.devicePlatform}
                  disabled={disabled}
                  onChange={(e) => edit(i, { devicePlatform: e.target.value })}
                  sx={{ minWidth: 160 }}
                >
                  {PLATFORMS.map((p) => (
                    <MenuItem key={p} value={p}>
                      {p || "unknown"}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField size="small" label="IP address" value={row.ipAddress} disabled={disabled} onChange={(e) => edit(i, { ipAddress: e.target.value })} />
                <TextField
                  size="small"
                  label="Country (2 letters)"
                  value={row.country}
                  disabled={disabled}
                  onChange={(e) => edit(i, { country: e.target.value })}
                />
                {canManage ? (
                  <Button color="warning" disabled={busy || rows.length === 1} onClick={() => setRows((all) => all.filter((_, j) => j !== i))}>
                    Remove
                  </Button>
                ) : null}
              </Stack>
            </Stack>
          ))}
          {canManage ? (
            <Stack direction="row" spacing={1}>
              <Button
                disabled={busy}
                onClick={() =>
                  setRows((all) => [
                    ...all,
                    { key: "", name: "", userKind: "technician", apps: "", clientAppType: "browser", devicePlatform: "", ipAddress: "", country: "" },
                  ])
                }
              >
                Add scenario
              </Button>
              <Button variant="contained" disabled={busy} onClick={save}>
                Save scenarios
              </Button>
            </Stack>
          ) : (
            <Typography variant="body2">Only an admin can change the scenarios.</Typography>
          )}
          {message ? <Alert severity={message.ok ? "success" : "error"}>{message.text}</Alert> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
