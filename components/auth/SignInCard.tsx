import LoginOutlined from "@mui/icons-material/LoginOutlined";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";

export function SignInCard(props: { href: string; configured: boolean; problem: string | null; signedOut: boolean }) {
  return (
    <Card sx={{ maxWidth: 520, mx: "auto", mt: 6 }}>
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h5" component="h1">
            Sign in
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Use your account in the MSP&apos;s own Microsoft Entra tenant. Accounts of customer tenants cannot sign in here.
          </Typography>
          {props.signedOut ? <Alert severity="success">You are signed out.</Alert> : null}
          {props.problem ? (
            <Alert severity="error" data-testid="sign-in-error">
              {props.problem}
            </Alert>
          ) : null}
          {props.configured ? (
            <Button variant="contained" size="large" href={props.href} startIcon={<LoginOutlined />}>
              Sign in with Microsoft
            </Button>
          ) : (
            <Alert severity="warning">
              Sign-in is not configured. Set PARTNER_TENANT_ID, ENTRA_CLIENT_ID, ENTRA_CLIENT_SECRET and ENCRYPTION_KEY (see the README).
            </Alert>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}
