"use client";
// Tenant groups and who sees which tenants (admins). A group is a named set of customer tenants; a
// person's scope is "all tenants" or some groups. Tenants a sync found that are in no group are
// listed so an admin can place them. Every save goes to app/groups/actions.ts, which checks and audits.
import Alert from "@mui/material/Alert";
import Autocomplete from "@mui/material/Autocomplete";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import FormControlLabel from "@mui/material/FormControlLabel";
import MenuItem from "@mui/material/MenuItem";
import Radio from "@mui/material/Radio";
import RadioGroup from "@mui/material/RadioGroup";
import Stack from "@mui/material/Stack";
import TableCell from "@mui/material/TableCell";
import TableRow from "@mui/material/TableRow";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createGroupAction, deleteGroupAction, setGroupGuardModeAction, setUserScopeAction, updateGroupAction } from "@/app/groups/actions";
import { unwrap } from "@/components/data/fetch";
import type { GroupRow, TenantOption, UserScopeRow } from "@/lib/groups/groups";
import { SimpleTable } from "@/components/table/SimpleTable";

interface Props {
  groups: GroupRow[];
  users: UserScopeRow[];
  tenants: TenantOption[];
  me: string;
}

function useSave() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save(work: () => Promise<unknown>, done: () => void) {
    setBusy(true);
    setError(null);
    try {
      await work();
      done();
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, save, clear: () => setError(null) };
}

const MODE_LABELS: Record<string, string> = { off: "Off: record only", alert: "Alert", "auto-fix": "Auto-fix and alert" };

/** The guard's mode for the group's tenants (lib/guard/modes.ts); auto-fix asks for a fresh sign-in. */
function GuardModeSelect({ group, onSaved }: { group: GroupRow; onSaved: (notice: string) => void }) {
  const { busy, error, save } = useSave();
  return (
    <Stack spacing={0.5}>
      <TextField
        select
        size="small"
        value={group.guardMode}
        disabled={busy}
        label="Guard mode"
        sx={{ minWidth: 180 }}
        onChange={(e) =>
          save(
            async () => {
              const r = await unwrap(setGroupGuardModeAction({ groupId: group.id, mode: e.target.value as "off" | "alert" | "auto-fix" }));
              onSaved(
                e.target.value === "auto-fix"
                  ? `Auto-fix is on for ${r.name}: the drift guard fixes its tenants at each sweep${r.needingFix > 0 ? `, starting with the ${r.needingFix} that need a fix now` : ""}. You are recorded as having approved its runs.`
                  : `The guard's mode for ${r.name} is now "${MODE_LABELS[e.target.value]}".`,
              );
            },
            () => undefined,
          )
        }
      >
        {Object.entries(MODE_LABELS).map(([value, label]) => (
          <MenuItem key={value} value={value}>
            {label}
          </MenuItem>
        ))}
      </TextField>
      {group.guardModeSetByUpn ? <Typography variant="caption">set by {group.guardModeSetByUpn}</Typography> : null}
      {error ? <Alert severity="error">{error}</Alert> : null}
    </Stack>
  );
}

function GroupDialog({ group, tenants, onClose }: { group: GroupRow | "new"; tenants: TenantOption[]; onClose: () => void }) {
  const [name, setName] = useState(group === "new" ? "" : group.name);
  const byId = new Map(tenants.map((t) => [t.id, t]));
  const [chosen, setChosen] = useState<TenantOption[]>(group === "new" ? [] : group.tenantIds.map((id) => byId.get(id)).filter((t) => t !== undefined));
  const { busy, error, save } = useSave();
  const tenantIds = chosen.map((t) => t.id);
  const submit = () =>
    save(() => (group === "new" ? unwrap(createGroupAction({ name, tenantIds })) : unwrap(updateGroupAction({ groupId: group.id, name, tenantIds }))), onClose);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="group-dialog-title">
      <DialogTitle id="group-dialog-title">{group === "new" ? "New tenant group" : `Edit ${group.name}`}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required slotProps={{ htmlInput: { maxLength: 80 } }} />
          <Autocomplete
            multiple
            options={tenants}
            value={chosen}
            onChange={(_e, v) => setChosen(v)}
            getOptionLabel={(t) => (t.defaultDomain ? `${t.displayName} (${t.defaultDomain})` : t.displayName)}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            disableCloseOnSelect
            renderInput={(params) => <TextField {...params} label="Tenants" placeholder="Type a name or domain" />}
          />
          {error ? <Alert severity="error">{error}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={busy || name.trim() === ""}>
          Save group
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ScopeDialog({ user, groups, onClose }: { user: UserScopeRow; groups: GroupRow[]; onClose: () => void }) {
  const [all, setAll] = useState(user.allTenants);
  const [chosen, setChosen] = useState<GroupRow[]>(groups.filter((g) => user.groupIds.includes(g.id)));
  const { busy, error, save } = useSave();
  const submit = () => save(() => unwrap(setUserScopeAction({ userId: user.id, allTenants: all, groupIds: chosen.map((g) => g.id) })), onClose);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="scope-dialog-title">
      <DialogTitle id="scope-dialog-title">Tenant scope of {user.displayName}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <RadioGroup value={all ? "all" : "groups"} onChange={(e) => setAll(e.target.value === "all")}>
            <FormControlLabel value="all" control={<Radio />} label="All tenants (including new ones from a sync)" />
            <FormControlLabel value="groups" control={<Radio />} label="Only the tenants of these groups" />
          </RadioGroup>
          <Autocomplete
            multiple
            disabled={all}
            options={groups}
            value={chosen}
            onChange={(_e, v) => setChosen(v)}
            getOptionLabel={(g) => `${g.name} (${g.tenantIds.length} tenants)`}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            renderInput={(params) => <TextField {...params} label="Tenant groups" />}
          />
          <Typography variant="body2" color="text.secondary">
            Saving ends {user.displayName}&apos;s open sessions; their next sign-in has the new scope. Runs they confirmed stop for tenants they no longer have.
          </Typography>
          {error ? <Alert severity="error">{error}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={busy}>
          Save scope
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ScopeChips({ user, groups }: { user: UserScopeRow; groups: GroupRow[] }) {
  if (user.allTenants) return <Chip size="small" label="All tenants" />;
  const mine = groups.filter((g) => user.groupIds.includes(g.id));
  if (mine.length === 0) return <Chip size="small" color="warning" label="No tenants" />;
  return (
    <Stack direction="row" spacing={0.5} sx={{ flexWrap: "wrap" }}>
      {mine.map((g) => (
        <Chip key={g.id} size="small" variant="outlined" label={g.name} />
      ))}
    </Stack>
  );
}

export function GroupsView({ groups, users, tenants, me }: Props) {
  const [editing, setEditing] = useState<GroupRow | "new" | null>(null);
  const [scoping, setScoping] = useState<UserScopeRow | null>(null);
  const { error, save } = useSave();
  const [notice, setNotice] = useState<string | null>(null);
  const grouped = new Set(groups.flatMap((g) => g.tenantIds));
  const ungrouped = tenants.filter((t) => !grouped.has(t.id));
  return (
    <Stack spacing={3} sx={{ maxWidth: 1200 }}>
      <Typography variant="h4" component="h1">
        Tenant groups
      </Typography>
      <Typography color="text.secondary">
        A group is a named set of customer tenants. A person whose scope is some groups sees and changes only their tenants, on every page, export and run.
      </Typography>
      {notice ? (
        <Alert severity="info" onClose={() => setNotice(null)} data-testid="guard-mode-notice">
          {notice}
        </Alert>
      ) : null}
      <Stack direction="row" sx={{ alignItems: "center" }}>
        <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
          Groups
        </Typography>
        <Button variant="contained" onClick={() => setEditing("new")}>
          New group
        </Button>
      </Stack>
      {error ? <Alert severity="error">{error}</Alert> : null}
      <SimpleTable
        label="Tenant groups"
        columns={["Name", { label: "Tenants", align: "right" }, { label: "People", align: "right" }, "Guard", "Created by", ""]}
      >
        {groups.length === 0 ? (
          <TableRow>
            <TableCell colSpan={6}>No groups yet: everyone with a scope of all tenants sees every tenant.</TableCell>
          </TableRow>
        ) : null}
        {groups.map((g) => (
          <TableRow key={g.id} data-testid="group-row">
            <TableCell>{g.name}</TableCell>
            <TableCell align="right">{g.tenantIds.length}</TableCell>
            <TableCell align="right">{g.users}</TableCell>
            <TableCell>
              <GuardModeSelect group={g} onSaved={setNotice} />
            </TableCell>
            <TableCell>{g.createdByUpn}</TableCell>
            <TableCell align="right" sx={{ whiteSpace: "nowrap" }}>
              <Button size="small" onClick={() => setEditing(g)}>
                Edit
              </Button>
              <Button
                size="small"
                color="error"
                onClick={() =>
                  save(
                    () => unwrap(deleteGroupAction({ groupId: g.id })),
                    () => undefined,
                  )
                }
              >
                Delete
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </SimpleTable>
      {ungrouped.length > 0 && groups.length > 0 ? (
        <Alert severity="info" data-testid="ungrouped">
          {ungrouped.length} tenant{ungrouped.length === 1 ? " is" : "s are"} in no group (only people with all tenants see{" "}
          {ungrouped.length === 1 ? "it" : "them"}):{" "}
          {ungrouped
            .slice(0, 10)
            .map((t) => t.displayName)
            .join(", ")}
          {ungrouped.length > 10 ? ", …" : ""}
        </Alert>
      ) : null}
      <Typography variant="h6" component="h2">
        People and their scope
      </Typography>
      <SimpleTable label="People and their tenant scope" columns={["Name", "Account", "Role", "Tenant scope", ""]}>
        {users.map((u) => (
          <TableRow key={u.id} data-testid="scope-row" data-upn={u.upn}>
            <TableCell>{u.displayName}</TableCell>
            <TableCell>{u.upn}</TableCell>
            <TableCell>{u.role ?? "no role"}</TableCell>
            <TableCell>
              <ScopeChips user={u} groups={groups} />
            </TableCell>
            <TableCell align="right">
              {u.id === me ? (
                <Typography variant="body2" color="text.secondary">
                  Another admin sets yours
                </Typography>
              ) : (
                <Button size="small" onClick={() => setScoping(u)}>
                  Change scope
                </Button>
              )}
            </TableCell>
          </TableRow>
        ))}
      </SimpleTable>
      {editing ? <GroupDialog group={editing} tenants={tenants} onClose={() => setEditing(null)} /> : null}
      {scoping ? <ScopeDialog user={scoping} groups={groups} onClose={() => setScoping(null)} /> : null}
    </Stack>
  );
}
