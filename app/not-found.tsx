import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Not found" };

/** Any unknown address, or a tenant, run or policy that is not there (or not in the person's scope): said in words, with a way on. */
export default function NotFound() {
  return (
    <Stack spacing={2} sx={{ maxWidth: 560 }}>
      <Typography variant="h4" component="h1">
        This page does not exist
      </Typography>
      <Typography>The address may be mistyped, or what it pointed to (a tenant, a run, a policy) is gone or outside your tenant scope.</Typography>
      <Stack direction="row" spacing={1}>
        <Button variant="contained" href="/">
          Dashboard
        </Button>
        <Button variant="outlined" href="/tenants">
          Tenants
        </Button>
      </Stack>
    </Stack>
  );
}
