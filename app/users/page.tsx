import type { Metadata } from "next";
import { UsersView } from "@/components/users/UsersView";
import { freshSignInUrl, isFreshSignIn, staleSignInMessage } from "@/lib/auth/fresh-sign-in";
import { requireUser, sessionPolicy } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { listPortalUsers } from "@/lib/users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requireUser("/users", "admin");
  const minutes = config().freshSignInMinutes;
  // Every change here needs a fresh sign-in (the actions check it); say so before anyone presses a button.
  const stale = isFreshSignIn(user.authTime, minutes) ? null : { message: staleSignInMessage(user.authTime, minutes), signInUrl: freshSignInUrl("/users") };
  return <UsersView rows={await listPortalUsers(db(), { idleMinutes: sessionPolicy().idleMinutes })} currentUserId={user.userId} stale={stale} />;
}
