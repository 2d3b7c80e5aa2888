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
  columns = { sm: "220px 1fr" },
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
          <Box component="dd" sx={{ m: 0 }}>
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
