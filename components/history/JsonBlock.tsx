"use client";
import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { useId } from "react";

export function JsonBlock({ title, value, testId }: { title: string; value: unknown; testId?: string }) {
  const titleId = useId();
  return (
    <Box data-testid={testId}>
      <Typography variant="subtitle2" sx={{ mb: 0.5 }} id={titleId}>
        {title}
      </Typography>
      {/* A scroll area: focusable and named, so a keyboard user can scroll it too (WCAG 2.1.1, axe scrollable-region-focusable). */}
      <Box
        component="pre"
        tabIndex={0}
        role="region"
        aria-labelledby={titleId}
        sx={{
          m: 0,
          p: 1.5,
          borderRadius: 1,
          bgcolor: "action.hover",
          fontSize: 12,
          overflowX: "auto",
          fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace",
        }}
      >
        {value === null || value === undefined ? "(none)" : JSON.stringify(value, null, 2)}
      </Box>
    </Box>
  );
}
