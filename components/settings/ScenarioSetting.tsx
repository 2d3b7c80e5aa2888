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
import type { SxProps, Theme } from "@mui/material/styles";
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
const PLATFORMS = ["", "windows", "macOS", "linux", "iOS", "android"].map((p) => ({ value: p, label: p || "unknown" }));

interface Choice {
  value: string;
  label: string;
}

/** One field of a scenario: free text, or a choice when `choices` is given. */
function ScenarioField({
  label,
  value,
  disabled,
  onChange,
  choices,
  sx,
}: {
  label: string;
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
  choices?: readonly Choice[];
  sx?: SxProps<Theme>;
}) {
  return (
    <TextField select={choices !== undefined} size="small" label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} sx={sx}>
      {choices?.map((c) => (
        <MenuItem key={c.value} value={c.value}>
          {c.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

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
type EditableKey = Exclude<keyof Row, "key">;

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
  // The choices keep userKind and clientAppType to their allowed values; the server action checks them again.
  const edit = (i: number, change: Partial<Record<EditableKey, string>>) => setRows((all) => all.map((r, j) => (j === i ? ({ ...r, ...change } as Row) : r)));

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
          {rows.map((row, i) => {
            const field = (label: string, key: EditableKey, more: { choices?: readonly Choice[]; sx?: SxProps<Theme> } = {}) => (
              <ScenarioField label={label} value={row[key]} disabled={disabled} onChange={(v) => edit(i, { [key]: v })} {...more} />
            );
            return (
              <Stack key={i} spacing={1} sx={{ borderLeft: 3, borderColor: "divider", pl: 2 }} data-testid="scenario-row">
                <Stack direction={{ xs: "column", md: "row" }} spacing={1}>
                  {field("Name", "name", { sx: { flex: 2 } })}
                  {field("Who", "userKind", { choices: USER_KINDS, sx: { minWidth: 200 } })}
                </Stack>
                <Stack direction={{ xs: "column", md: "row" }} spacing={1}>
                  {field("App ids", "apps", { sx: { flex: 2 } })}
                  {field("Client", "clientAppType", { choices: CLIENTS, sx: { minWidth: 180 } })}
                </Stack>
                <Stack direction={{ xs: "column", md: "row" }} spacing={1}>
                  {field("Platform", "devicePlatform", { choices: PLATFORMS, sx: { minWidth: 160 } })}
                  {field("IP address", "ipAddress")}
                  {field("Country (2 letters)", "country")}
                  {canManage ? (
                    <Button color="warning" disabled={busy || rows.length === 1} onClick={() => setRows((all) => all.filter((_, j) => j !== i))}>
                      Remove
                    </Button>
                  ) : null}
                </Stack>
              </Stack>
            );
          })}
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
