"use client";
// Alerts (admins): where the guard's events go, and every message sent. Each destination takes the
// event types chosen for it; "Send test" sends one message now and shows the answer. A webhook's
// signing secret is shown once, when the webhook is added (the receiver verifies with it).
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Checkbox from "@mui/material/Checkbox";
import Chip from "@mui/material/Chip";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormGroup from "@mui/material/FormGroup";
import FormLabel from "@mui/material/FormLabel";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TableCell from "@mui/material/TableCell";
import TableRow from "@mui/material/TableRow";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createDestinationAction, deleteDestinationAction, sendTestAction, setDestinationEnabledAction } from "@/app/alerts/actions";
import { unwrap } from "@/components/data/fetch";
import type { DeliveryRow, DestinationKind, DestinationRow } from "@/lib/guard/alerts/destinations";
import { SimpleTable } from "@/components/table/SimpleTable";

interface Props {
  destinations: DestinationRow[];
  deliveries: DeliveryRow[];
  eventTypes: { type: string; label: string }[];
}

const KIND_LABELS: Record<DestinationKind, string> = {
  webhook: "Webhook (signed)",
  teams: "Microsoft Teams (Workflows)",
  email: "E-mail (SMTP)",
};

const STATUS_COLOR: Record<string, "success" | "error" | "warning" | "default"> = {
  delivered: "success",
  failed: "error",
  pending: "warning",
  sending: "default",
};

const when = (iso: string) => new Date(iso).toLocaleString();

function NewDestination({ eventTypes, onClose }: { eventTypes: Props["eventTypes"]; onClose: (secret: string | null) => void }) {
  const router = useRouter();
  const [kind, setKind] = useState<DestinationKind>("webhook");
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [smtp, setSmtp] = useState({ host: "", port: "587", security: "starttls", user: "", password: "", from: "", to: "" });
  const [chosen, setChosen] = useState<Set<string>>(new Set(eventTypes.map((e) => e.type)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    setBusy(true);
    setError(null);
    const types = [...chosen];
    const input =
      kind === "email"
        ? {
            kind,
            name,
            smtp: {
              host: smtp.host,
              port: Number(smtp.port),
              security: smtp.security as "starttls" | "tls",
              user: smtp.user,
              from: smtp.from,
              to: smtp.to
                .split(/[,;\s]+/)
                .map((s) => s.trim())
                .filter(Boolean),
            },
            password: smtp.password,
            eventTypes: types,
          }
        : { kind, name, url, eventTypes: types };
    try {
      const created = await unwrap(createDestinationAction(input as Parameters<typeof createDestinationAction>[0]));
      router.refresh();
      onClose(created.signingSecret);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const field = (key: keyof typeof smtp, label: string, extra: object = {}) => (
    <TextField label={label} size="small" value={smtp[key]} onChange={(e) => setSmtp({ ...smtp, [key]: e.target.value })} {...extra} />
  );

  return (
    <Dialog open onClose={() => onClose(null)} fullWidth maxWidth="sm" aria-labelledby="new-destination-title">
      <DialogTitle id="new-destination-title">Add an alert destination</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField select label="Kind" size="small" value={kind} onChange={(e) => setKind(e.target.value as DestinationKind)}>
            {(Object.keys(KIND_LABELS) as DestinationKind[]).map((k) => (
              <MenuItem key={k} value={k}>
                {KIND_LABELS[k]}
              </MenuItem>
            ))}
          </TextField>
          <TextField label="Name" size="small" value={name} onChange={(e) => setName(e.target.value)} slotProps={{ htmlInput: { maxLength: 80 } }} />
          {kind === "email" ? (
            <>
              <Stack direction="row" spacing={1}>
                {field("host", "SMTP server", { sx: { flex: 2 } })}
                {field("port", "Port", { sx: { flex: 1 }, type: "number" })}
                <TextField
                  select
                  label="Security"
                  size="small"
                  value={smtp.security}
                  onChange={(e) => setSmtp({ ...smtp, security: e.target.value })}
                  sx={{ flex: 1 }}
                >
                  <MenuItem value="starttls">STARTTLS</MenuItem>
                  <MenuItem value="tls">TLS</MenuItem>
                </TextField>
              </Stack>
              <Stack direction="row" spacing={1}>
                {field("user", "User name (optional)", { sx: { flex: 1 } })}
                {field("password", "Password (optional)", { sx: { flex: 1 }, type: "password" })}
              </Stack>
              {field("from", "From")}
              {field("to", "To", { helperText: "One or more addresses, separated by commas." })}
            </>
          ) : (
            <TextField
              label={kind === "teams" ? "Workflows webhook URL" : "URL"}
              size="small"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              helperText={
                kind === "teams"
                  ? 'In Teams: Workflows → "Post to a channel when a webhook request is received"; paste the URL it gives.'
                  : "Each delivery is signed (Standard Webhooks); the secret is shown once, after you add the webhook."
              }
            />
          )}
          <FormControl component="fieldset">
            <FormLabel component="legend">Send these events</FormLabel>
            <FormGroup row>
              {eventTypes.map((e) => (
                <FormControlLabel
                  key={e.type}
                  label={e.label}
                  control={
                    <Checkbox
                      size="small"
                      checked={chosen.has(e.type)}
                      onChange={(ev) => {
                        const next = new Set(chosen);
                        if (ev.target.checked) next.add(e.type);
                        else next.delete(e.type);
                        setChosen(next);
                      }}
                    />
                  }
                />
              ))}
            </FormGroup>
          </FormControl>
          {error ? <Alert severity="error">{error}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(null)}>Cancel</Button>
        <Button variant="contained" onClick={save} disabled={busy}>
          Add destination
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function DestinationActions({ destination }: { destination: DestinationRow }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  async function run(work: () => Promise<{ ok: boolean; text: string } | null>) {
    setBusy(true);
    setResult(null);
    try {
      setResult(await work());
      router.refresh();
    } catch (e) {
      setResult({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack spacing={1} sx={{ alignItems: "flex-start" }}>
      <Stack direction="row" spacing={1}>
        <Button
          size="small"
          variant="outlined"
          disabled={busy}
          onClick={() =>
            run(async () => {
              const r = await unwrap(sendTestAction({ destinationId: destination.id }));
              return r.ok ? { ok: true, text: `Delivered (${r.response ?? "accepted"}).` } : { ok: false, text: r.error ?? "Not delivered." };
            })
          }
        >
          Send test
        </Button>
        <Button
          size="small"
          color="error"
          disabled={busy}
          onClick={() =>
            run(async () => {
              if (!window.confirm(`Delete the destination "${destination.name}"? Its delivery log goes with it.`)) return null;
              await unwrap(deleteDestinationAction({ destinationId: destination.id }));
              return null;
            })
          }
        >
          Delete
        </Button>
      </Stack>
      {result ? (
        <Alert severity={result.ok ? "success" : "error"} data-testid="test-result" sx={{ py: 0 }}>
          {result.text}
        </Alert>
      ) : null}
    </Stack>
  );
}

function EnabledSwitch({ destination }: { destination: DestinationRow }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <Switch
      checked={destination.enabled}
      disabled={busy}
      slotProps={{ input: { "aria-label": `Send alerts to ${destination.name}` } }}
      onChange={async (e) => {
        setBusy(true);
        await unwrap(setDestinationEnabledAction({ destinationId: destination.id, enabled: e.target.checked })).catch(() => null);
        setBusy(false);
        router.refresh();
      }}
    />
  );
}

export function AlertsView({ destinations, deliveries, eventTypes }: Props) {
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <Stack spacing={3}>
      <Typography variant="h4" component="h1">
        Alerts
      </Typography>
      <Typography color="text.secondary">
        The guard reads every tenant on its schedule and records what changed. Tenants whose guard mode is &quot;alert&quot; or &quot;auto-fix&quot; (set per
        tenant group, or in Settings for tenants in no group) send their events here: one message per tenant per sweep, or one digest when many tenants changed
        at once.
      </Typography>
      {secret ? (
        <Alert severity="info" onClose={() => setSecret(null)} data-testid="signing-secret-notice">
          The webhook&apos;s signing secret, shown only now: give it to the receiver, which verifies each delivery&apos;s <code>webhook-signature</code> with it
          (Standard Webhooks).
          <Typography
            component="pre"
            data-testid="signing-secret"
            sx={{ fontFamily: "monospace", mt: 1, userSelect: "all", whiteSpace: "pre-wrap", wordBreak: "break-all" }}
          >
            {secret}
          </Typography>
        </Alert>
      ) : null}
      <Card>
        <CardContent>
          <Stack direction="row" sx={{ mb: 1, justifyContent: "space-between", alignItems: "center" }}>
            <Typography variant="h6" component="h2">
              Destinations
            </Typography>
            <Button variant="contained" onClick={() => setAdding(true)}>
              Add destination
            </Button>
          </Stack>
          {destinations.length === 0 ? (
            <Typography color="text.secondary">No destination yet: events show on each tenant&apos;s page, and nothing is sent.</Typography>
          ) : (
            <SimpleTable label="Alert destinations" columns={["Name", "Kind and address", "Events", "Last message", "On", ""]}>
              {destinations.map((d) => (
                <TableRow key={d.id} data-testid="destination">
                  <TableCell>{d.name}</TableCell>
                  <TableCell>
                    <Typography variant="body2">{KIND_LABELS[d.kind]}</Typography>
                    <Typography variant="caption" color="text.secondary" sx={{ wordBreak: "break-all" }}>
                      {d.target}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ maxWidth: 280 }}>
                    <Typography variant="body2">{d.eventLabels.length === eventTypes.length ? "All events" : d.eventLabels.join(", ")}</Typography>
                  </TableCell>
                  <TableCell>
                    {d.lastDelivery ? (
                      <Stack spacing={0.5}>
                        <Chip
                          size="small"
                          label={d.lastDelivery.status}
                          color={STATUS_COLOR[d.lastDelivery.status] ?? "default"}
                          sx={{ alignSelf: "flex-start" }}
                        />
                        <Typography variant="caption">{when(d.lastDelivery.at)}</Typography>
                      </Stack>
                    ) : (
                      "None yet"
                    )}
                  </TableCell>
                  <TableCell>
                    <EnabledSwitch destination={d} />
                  </TableCell>
                  <TableCell>
                    <DestinationActions destination={d} />
                  </TableCell>
                </TableRow>
              ))}
            </SimpleTable>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
            Delivery log
          </Typography>
          {deliveries.length === 0 ? (
            <Typography color="text.secondary">No message sent yet.</Typography>
          ) : (
            <SimpleTable label="Delivery log" columns={["Made", "Destination", "Message", "Status", "Attempts", "Answer"]}>
              {deliveries.map((d) => (
                <TableRow key={d.id} data-testid="delivery">
                  <TableCell>{when(d.createdAt)}</TableCell>
                  <TableCell>{d.destinationName}</TableCell>
                  <TableCell>
                    {d.test ? <Chip size="small" label="test" sx={{ mr: 1 }} /> : null}
                    {d.subject}
                  </TableCell>
                  <TableCell>
                    <Chip size="small" label={d.status} color={STATUS_COLOR[d.status] ?? "default"} />
                  </TableCell>
                  <TableCell>{d.attempts}</TableCell>
                  <TableCell sx={{ maxWidth: 320, wordBreak: "break-word" }}>{d.lastError ?? d.lastResponse ?? ""}</TableCell>
                </TableRow>
              ))}
            </SimpleTable>
          )}
        </CardContent>
      </Card>
      {adding ? (
        <NewDestination
          eventTypes={eventTypes}
          onClose={(s) => {
            setAdding(false);
            if (s) setSecret(s);
          }}
        />
      ) : null}
    </Stack>
  );
}
