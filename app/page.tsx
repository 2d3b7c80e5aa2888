import { redirect } from "next/navigation";

// The dashboard replaces this once it exists; until then the status page is the front door.
export default function Home() {
  redirect("/status");
}
