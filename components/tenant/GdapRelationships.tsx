// The tenant page's GDAP card (issue 17, "GDAP in full"): every relationship the MSP has with this
// customer, including a pending request and an expired one, each with its dates, renewal and roles,
// so "which relationship gives us what, until when" needs no trip to Partner Center.
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { gdapColor } from "@/components/tenants/access";
import type { RelationshipRow } from "@/lib/db/queries/gdap-relationships";

// Not yet approved by the customer: its roles are asked for, not granted (Graph: delegatedAdminRelationshipStatus).
const PENDING = new Set(["created", "approvalPending", "approved", "activating"]);

const day = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }) : null;

function period(r: RelationshipRow): string {
  const parts = [
    r.activatedAt ? `active since ${day(r.activatedAt)}` : r.createdAt ? `requested ${day(r.createdAt)}` : null,
    r.endsAt
      ? `${new Date(r.endsAt).getTime() < Date.now() ? "ended" : "ends"} ${day(r.endsAt)}`
      : r.status === "approvalPending"
        ? "no end until approved"
        : null,
    r.renewal,
  ];
  return parts.filter(Boolean).join(" · ");
}

export function GdapRelationships({ relationships }: { relationships: RelationshipRow[] }) {
  return (
    <Card variant="outlined" component="section" aria-labelledby="gdap-relationships-title">
      <CardContent>
        <Typography id="gdap-relationships-title" variant="h6" component="h2" gutterBottom>
          GDAP relationships
        </Typography>
        {relationships.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            The last sync found no GDAP relationship with this customer.
          </Typography>
        ) : (
          <Stack component="ul" spacing={1.5} sx={{ listStyle: "none", p: 0, m: 0 }}>
            {relationships.map((r) => (
              <Stack component="li" key={r.id} spacing={0.5} data-testid="gdap-relationship" aria-label={r.displayName}>
                <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
                  <Typography variant="subtitle2" sx={{ overflowWrap: "anywhere" }}>
                    {r.displayName}
                  </Typography>
                  <Chip size="small" label={r.status} color={gdapColor(r.status)} variant="outlined" data-testid="gdap-relationship-status" />
                </Stack>
                <Typography variant="body2" color="text.secondary">
                  {period(r)}
                </Typography>
                <Typography variant="body2" sx={{ overflowWrap: "anywhere" }}>
                  {PENDING.has(r.status) ? "Roles requested" : "Roles"}: {r.roles.length ? r.roles.join(", ") : "none"}
                </Typography>
              </Stack>
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
