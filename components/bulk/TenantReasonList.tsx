// Tenants by name, each a link to its page, with the reason in words: the preview's unreachable and
// left-out groups list their tenants this one way.
import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import NextLink from "next/link";

export function TenantReasonList({ tenants }: { tenants: readonly { tenantId: string; displayName: string; message: string }[] }) {
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {tenants.map((t) => (
        <li key={t.tenantId} data-tenant-id={t.tenantId}>
          <Link component={NextLink} href={`/tenants/${t.tenantId}`} underline="hover">
            {t.displayName}
          </Link>
          : {t.message}
        </li>
      ))}
    </Box>
  );
}
