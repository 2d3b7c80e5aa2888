import Alert from "@mui/material/Alert";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Not allowed" };

export default function ForbiddenPage() {
  return <Alert severity="warning">Your role does not allow this page. Ask a portal admin if you need it.</Alert>;
}
