// The dedicated policy's actions change more than the users condition: the whole policy in words,
// as it is now and as it would be after the request (a create has no "now"), side by side.
import Box from "@mui/material/Box";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { DescriptionSection } from "@/lib/ca";
import { DescriptionList } from "@/components/tenant/DescriptionList";
import type { PolicyPreviewView } from "@/lib/runs/views";

function Sections({ sections, other, testId }: { sections: DescriptionSection[] | null; other: DescriptionSection[] | null; testId: string }) {
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

export function PolicyDescription({ policy }: { policy: NonNullable<PolicyPreviewView["policy"]> }) {
  return (
    <Stack direction={{ xs: "column", md: "row" }} spacing={2}>
      <Box sx={{ flex: 1 }}>
        <Typography variant="subtitle2">Now (what the request changes in bold)</Typography>
        <Sections sections={policy.describedBefore} other={policy.describedAfter} testId="policy-before" />
      </Box>
      {policy.describedAfter ? (
        <Box sx={{ flex: 1 }}>
          <Typography variant="subtitle2">After the request (what differs in bold)</Typography>
          <Sections sections={policy.describedAfter} other={policy.describedBefore} testId="policy-after" />
        </Box>
      ) : null}
    </Stack>
  );
}
