import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";

export function JsonBlock({ title, value, testId }: { title: string; value: unknown; testId?: string }) {
  return (
    <Box data-testid={testId}>
      <Typography variant="subtitle2" sx={{ mb: 0.5 }}>
        {title}
      </Typography>
      <Box
        component="pre"
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
