// The dedicated policy's actions change more than the users condition: the whole policy in words,
// as it is now and as it would be after the request (a create has no "now"), side by side.
import Box from "@mui/material/Box";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { DescriptionList, type DescribedSection } from "@/components/tenant/DescriptionList";

function Sections({ sections, other, testId }: { sections: readonly DescribedSection[] | null; other: readonly DescribedSection[] | null; testId: string }) {
  if (sections === null)
    return (
      <Typography variant="body2" color="text.secondary" data-testid={testId}>
        (no policy)
      </Typography>
    );
  const otherLines = new Set((other ?? []).flatMap((s) => s.lines.map((line) => `${s.section}|${line}`)));
  return (
    <DescriptionList
      sections={sections}
      columns="140px 1fr"
      emphasise={other === null ? undefined : (section, line) => !otherLines.has(`${section}|${line}`)}
      testId={testId}
    />
  );
}

const REQUEST_LABELS = { before: "Now (what the request changes in bold)", after: "After the request (what differs in bold)" };

/**
 * Two versions of a policy side by side, differences in bold: a request's "now" and "after" (the
 * default labels), or two versions of the guard's timeline (the caller's labels).
 */
export function PolicyDescription({
  policy,
  labels = REQUEST_LABELS,
}: {
  policy: { describedBefore: readonly DescribedSection[] | null; describedAfter: readonly DescribedSection[] | null };
  labels?: { before: string; after: string };
}) {
  return (
    <Stack direction={{ xs: "column", md: "row" }} spacing={2}>
      <Box sx={{ flex: 1 }}>
        <Typography variant="subtitle2">{labels.before}</Typography>
        <Sections sections={policy.describedBefore} other={policy.describedAfter} testId="policy-before" />
      </Box>
      {policy.describedAfter ? (
        <Box sx={{ flex: 1 }}>
          <Typography variant="subtitle2">{labels.after}</Typography>
          <Sections sections={policy.describedAfter} other={policy.describedBefore} testId="policy-after" />
        </Box>
      ) : null}
    </Stack>
  );
}
