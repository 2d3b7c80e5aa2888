"use client";
// A tenant's "Changes": the guard's events, newest first; each policy event opens into the policy
// before and after in words (the same side-by-side view as a fix's preview).
import ExpandMoreOutlined from "@mui/icons-material/ExpandMoreOutlined";
import Accordion from "@mui/material/Accordion";
import AccordionDetails from "@mui/material/AccordionDetails";
import AccordionSummary from "@mui/material/AccordionSummary";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import NextLink from "next/link";
import type { EventView, GuardReadView } from "@/lib/guard/views";
import { PolicyDescription } from "../fix/PolicyDescription";
import { SEEN_BY, when } from "./words";

const WARNING = new Set([
  "exclusion-removed",
  "exclusion-narrowed",
  "policy-reaches-msp",
  "gdap-ended",
  "gdap-ending",
  "auto-fix-stopped",
  "access-blocked",
  "partner-dedicated-changed",
  "partner-account-exposed",
  "partner-policy-covers-account",
]);
const VERSION_LABELS = { before: "Before (what changed in bold)", after: "After (what differs in bold)" };

/**
 * `versionLinks`: false for the MSP's own tenant, whose policies have no versions page (its events carry the diff).
 * `lastRead`: when the guard last read the tenant, where the page does not say it otherwise (the partner tenant).
 */
export function ChangesTimeline({
  tenantId,
  events,
  versionLinks = true,
  lastRead,
}: {
  tenantId: string;
  events: EventView[];
  versionLinks?: boolean;
  lastRead?: GuardReadView | null;
}) {
  return (
    <Card variant="outlined" component="section" aria-labelledby="changes-heading">
      <CardContent>
        <Typography id="changes-heading" variant="h6" component="h2" gutterBottom>
          Changes
        </Typography>
        {lastRead !== undefined ? (
          <Typography
            variant="body2"
            color={lastRead?.error ? "error" : "text.secondary"}
            data-testid="guard-last-read"
            data-read-at={lastRead?.at ?? ""}
            sx={{ mb: 1 }}
          >
            {lastRead === null
              ? "The scheduled sweep has not read this tenant yet."
              : lastRead.error
                ? `The scheduled sweep could not read this tenant on ${when(lastRead.at)}: ${lastRead.error}`
                : `The scheduled sweep last read this tenant on ${when(lastRead.at)}.`}
          </Typography>
        ) : null}
        {events.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No changes seen yet. The scheduled sweep and every sync compare this tenant&apos;s policies with what the portal saw before.
          </Typography>
        ) : (
          <Stack data-testid="changes">
            {events.map((e) => (
              <Accordion key={e.id} disableGutters data-testid="change-event" data-event-type={e.type}>
                <AccordionSummary expandIcon={<ExpandMoreOutlined />}>
                  <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap", width: "100%", pr: 1 }}>
                    <Chip size="small" label={e.label} color={WARNING.has(e.type) ? "warning" : "default"} />
                    <Typography variant="body2" sx={{ flexGrow: 1 }}>
                      {e.summary}
                    </Typography>
                    <Typography variant="caption" color="text.secondary">
                      {when(e.detectedAt)} · {SEEN_BY[e.seenBy] ?? e.seenBy}
                    </Typography>
                  </Stack>
                </AccordionSummary>
                <AccordionDetails>
                  <Stack spacing={1.5}>
                    {e.properties.length > 0 ? <Typography variant="body2">Changed: {e.properties.join(", ")}</Typography> : null}
                    {e.runId ? (
                      <Typography variant="body2">
                        Made by the portal:{" "}
                        <Link component={NextLink} href={`/history?run=${e.runId}`}>
                          the run in history
                        </Link>
                      </Typography>
                    ) : null}
                    {e.diff ? <PolicyDescription policy={e.diff} labels={VERSION_LABELS} /> : null}
                    {e.policyId && versionLinks ? (
                      <Link component={NextLink} href={`/tenants/${tenantId}/policies/${e.policyId}`}>
                        Every version of {e.policyName ?? "this policy"}
                      </Link>
                    ) : null}
                  </Stack>
                </AccordionDetails>
              </Accordion>
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
