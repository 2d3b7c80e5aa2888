"use client";
// The Users page: every portal user with the role Entra gave at their last sign-in (read-only here),
// whether the portal disabled them, their last sign-in and their live sessions (expand a row for
// each session's start, last request, sign-in time and address). Admins disable or enable a user
// and end their sessions; each change needs a fresh sign-in (the page says so up front, and the
// shared helper sends the browser to sign in again when an action asks for it).
// A new column (e.g. the tenant scope) is one field of PortalUserRow (lib/users/list.ts), one header
// cell and one cell per row here.
import KeyboardArrowDown from "@mui/icons-material/KeyboardArrowDown";
import KeyboardArrowUp from "@mui/icons-material/KeyboardArrowUp";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Collapse from "@mui/material/Collapse";
import IconButton from "@mui/material/IconButton";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { endUserSessionsAction, setUserDisabledAction } from "@/app/users/actions";
import { freshSignInRedirect } from "@/components/data/fresh-sign-in";
import type { ActionResult } from "@/lib/auth/action-client";
import type { PortalUserRow } from "@/lib/users";
import { SimpleTable } from "@/components/table/SimpleTable";

const ROLE_LABEL: Record<string, string> = { admin: "Admin", operator: "Operator", reader: "Reader" };
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export function UsersView(props: { rows: PortalUserRow[]; currentUserId: string; stale: { message: string; signInUrl: string } | null }) {
  const router = useRouter();
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; severity: "success" | "error" | "info" } | null>(null);

  async function run<T>(userId: string, pending: Promise<ActionResult<T>>, done: (data: T) => string) {
    setBusy(userId);
    setMessage(null);
    const result = await pending;
    setBusy(null);
    if (result.ok) {
      setMessage({ text: done(result.data), severity: "success" });
      router.refresh();
      return;
    }
    const signingIn = freshSignInRedirect(result);
    setMessage({ text: signingIn ?? result.error.message, severity: signingIn ? "info" : "error" });
  }

  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Users
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Everyone who has signed in to the portal. Roles come from the app roles Microsoft Entra ID gives each person (Portal.Admin, Portal.Operator,
        Portal.Reader) and are read again at every sign-in; change them in Entra. Here you disable an account (its sessions end at once) or end its sessions.
      </Typography>
      {props.stale ? (
        <Alert
          severity="info"
          data-testid="fresh-sign-in-needed"
          action={
            <Button color="inherit" size="small" href={props.stale.signInUrl}>
              Sign in again
            </Button>
          }
        >
          Changes on this page need a recent sign-in. {props.stale.message}
        </Alert>
      ) : null}
      {message ? (
        <Alert severity={message.severity} role={message.severity === "error" ? "alert" : "status"}>
          {message.text}
        </Alert>
      ) : null}
      <SimpleTable
        label="Portal users"
        columns={["", "User", "Role (from Entra)", "Tenant scope", "Status", "Last sign-in", "Live sessions", { label: "Actions", align: "right" }]}
        paper
      >
        {props.rows.map((u) => {
          const self = u.id === props.currentUserId;
          const expanded = open === u.id;
          return (
            <Fragment key={u.id}>
              <TableRow data-testid="user-row" data-upn={u.upn} sx={{ "& > td": { borderBottom: expanded ? "unset" : undefined } }}>
                <TableCell padding="checkbox">
                  <IconButton
                    size="small"
                    aria-label={`${expanded ? "Hide" : "Show"} the sessions of ${u.displayName}`}
                    aria-expanded={expanded}
                    onClick={() => setOpen(expanded ? null : u.id)}
                  >
                    {expanded ? <KeyboardArrowUp /> : <KeyboardArrowDown />}
                  </IconButton>
                </TableCell>
                <TableCell>
                  <Typography variant="body2">
                    {u.displayName}
                    {self ? " (you)" : ""}
                  </Typography>
                  <Typography variant="caption" color="text.secondary">
                    {u.upn}
                  </Typography>
                </TableCell>
                <TableCell data-testid="user-role">
                  {u.role ? ROLE_LABEL[u.role] : <Chip size="small" color="warning" variant="outlined" label="None: refused at the last sign-in" />}
                </TableCell>
                <TableCell data-testid="user-scope">
                  {u.scope.allTenants ? (
                    "All tenants"
                  ) : u.scope.groups.length === 0 ? (
                    <Chip size="small" color="warning" variant="outlined" label="No tenants" />
                  ) : (
                    <Link component={NextLink} href="/groups">
                      {u.scope.groups.join(", ")}
                    </Link>
                  )}
                </TableCell>
                <TableCell data-testid="user-status">
                  {u.disabled ? <Chip size="small" color="error" label="Disabled" /> : <Chip size="small" color="success" variant="outlined" label="Enabled" />}
                </TableCell>
                <TableCell>{when(u.lastSignInAt)}</TableCell>
                <TableCell data-testid="user-sessions">{u.sessions.length}</TableCell>
                <TableCell align="right">
                  <Stack direction="row" spacing={1} sx={{ justifyContent: "flex-end", whiteSpace: "nowrap" }}>
                    {u.disabled ? (
                      <Button
                        size="small"
                        disabled={busy !== null}
                        onClick={() => run(u.id, setUserDisabledAction({ userId: u.id, disabled: false }), () => `${u.upn} is enabled again.`)}
                      >
                        Enable
                      </Button>
                    ) : (
                      <Button
                        size="small"
                        color="error"
                        disabled={busy !== null || self}
                        title={self ? "You cannot disable your own account." : undefined}
                        onClick={() =>
                          run(
                            u.id,
                            setUserDisabledAction({ userId: u.id, disabled: true }),
                            (r) => `${u.upn} is disabled; ${r.sessionsEnded} session${r.sessionsEnded === 1 ? "" : "s"} ended.`,
                          )
                        }
                      >
                        Disable
                      </Button>
                    )}
                    <Button
                      size="small"
                      disabled={busy !== null || u.sessions.length === 0}
                      onClick={() =>
                        run(
                          u.id,
                          endUserSessionsAction({ userId: u.id }),
                          (r) => `${r.sessionsEnded} session${r.sessionsEnded === 1 ? "" : "s"} of ${u.upn} ended.`,
                        )
                      }
                    >
                      End sessions
                    </Button>
                  </Stack>
                </TableCell>
              </TableRow>
              <TableRow>
                <TableCell colSpan={8} sx={{ py: 0 }}>
                  <Collapse in={expanded} unmountOnExit>
                    <SessionsTable user={u} />
                  </Collapse>
                </TableCell>
              </TableRow>
            </Fragment>
          );
        })}
      </SimpleTable>
    </Stack>
  );
}

function SessionsTable({ user }: { user: PortalUserRow }) {
  if (user.sessions.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ py: 1.5 }}>
        No live session.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Sessions of ${user.displayName}`} sx={{ my: 1 }}>
      <TableHead>
        <TableRow>
          <TableCell>Started</TableCell>
          <TableCell>Last request</TableCell>
          <TableCell>Signed in at Entra</TableCell>
          <TableCell>Ends at the latest</TableCell>
          <TableCell>Address</TableCell>
          <TableCell>Browser</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {user.sessions.map((s, i) => (
          <TableRow key={`${s.createdAt}-${i}`} data-testid="session-row">
            <TableCell>{when(s.createdAt)}</TableCell>
            <TableCell>{when(s.lastSeenAt)}</TableCell>
            <TableCell>{s.signedInAt ? when(s.signedInAt) : "not given by Entra"}</TableCell>
            <TableCell>{when(s.expiresAt)}</TableCell>
            <TableCell>{s.ip ?? "unknown"}</TableCell>
            <TableCell sx={{ maxWidth: 280, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }} title={s.userAgent ?? undefined}>
              {s.userAgent ?? "unknown"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
