// A policy in lib/ca's words: one row per section (users, applications, conditions, grant…).
// `emphasise` marks lines that differ from another version of the policy (the dedicated policy's
// preview shows it before and after the request).
import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";

export interface DescribedSection {
  section: string;
  lines: readonly string[];
}

export function DescriptionList({
  sections,
  columns = { xs: "minmax(0, 1fr)", sm: "220px minmax(0, 1fr)" },
  emphasise,
  testId,
}: {
  sections: readonly DescribedSection[];
  columns?: string | Record<string, string>;
  emphasise?: (section: string, line: string) => boolean;
  testId?: string;
}) {
  return (
    <Box component="dl" data-testid={testId} sx={{ m: 0, display: "grid", gridTemplateColumns: columns, columnGap: 2, rowGap: 0.5 }}>
      {sections.map((s) => (
        <Box key={s.section} sx={{ display: "contents" }}>
          <Typography component="dt" variant="body2" sx={{ fontWeight: 600 }}>
            {s.section}
          </Typography>
          {/* minmax(0, …) and anywhere: a long id or address wraps instead of widening a phone's page (issue 20). */}
          <Box component="dd" sx={{ m: 0, minWidth: 0, overflowWrap: "anywhere" }}>
            {s.lines.map((line) => (
              <Typography key={line} variant="body2" sx={emphasise?.(s.section, line) ? { fontWeight: 600 } : undefined}>
                {line}
              </Typography>
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
