"use client";
// One policy's timeline: every distinct version the portal saw, newest first, each with what
// changed from the version before, in words and side by side.
import Breadcrumbs from "@mui/material/Breadcrumbs";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import NextLink from "next/link";
import type { ReactNode } from "react";
import type { PolicyTimelineView } from "@/lib/guard/views";
import { PolicyDescription } from "../fix/PolicyDescription";
import { STATE } from "../tenant/outcome";
import { SEEN_BY, when } from "./words";

const LABELS = { before: "Version before (what changed in bold)", after: "This version (what differs in bold)" };

export function PolicyVersions({ tenantName, timeline, leaveAlone }: { tenantName: string; timeline: PolicyTimelineView; leaveAlone?: ReactNode }) {
  const count = timeline.versions.length;
  return (
    <Stack spacing={2} sx={{ maxWidth: 1200 }} data-testid="policy-versions">
      <Breadcrumbs>
        <Link component={NextLink} href="/tenants">
          Tenants
        </Link>
        <Link component={NextLink} href={`/tenants/${timeline.tenantId}`}>
          {tenantName}
        </Link>
        <Typography color="text.primary">Versions</Typography>
      </Breadcrumbs>
      <Typography variant="h4" component="h1">
        {timeline.displayName}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {count} version{count === 1 ? "" : "s"} seen, newest first. A version is kept whenever the policy&apos;s content differs from the one before
        (Entra&apos;s modified time alone is not a change).
      </Typography>
      {leaveAlone}
      {timeline.versions.map((v, i) => (
        <Card key={v.id} variant="outlined" id={`version-${v.id}`} data-testid="policy-version" data-version-id={v.id}>
          <CardContent>
            <Stack spacing={1.5}>
              <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
                <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
                  Version {count - i}
                  {i === 0 ? " (latest)" : ""}
                </Typography>
                {v.deleted ? (
                  <Chip size="small" color="error" label="Deleted" />
                ) : (
                  <Chip size="small" variant="outlined" label={STATE[v.state ?? ""] ?? v.state} />
                )}
                <Typography variant="caption" color="text.secondary">
                  first seen {when(v.firstSeenAt)} · {SEEN_BY[v.seenBy] ?? v.seenBy}
                  {v.modifiedDateTime ? ` · modified in Entra ${when(v.modifiedDateTime)}` : ""}
                </Typography>
              </Stack>
              {v.runId ? (
                <Typography variant="body2">
                  Produced by the portal&apos;s own change:{" "}
                  <Link component={NextLink} href={`/history?run=${v.runId}`}>
                    the run in history
                  </Link>
                </Typography>
              ) : null}
              <Typography variant="body2" data-testid="version-changes">
                {i === count - 1
                  ? "The first version the portal saw."
                  : v.deleted
                    ? "The policy was deleted."
                    : `Changed from the version before: ${v.properties.join(", ") || "nothing the portal compares"}.`}
              </Typography>
              <PolicyDescription policy={v.diff} labels={LABELS} />
            </Stack>
          </CardContent>
        </Card>
      ))}
    </Stack>
  );
}
