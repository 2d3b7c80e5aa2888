import type { Metadata } from "next";
import { GroupsView } from "@/components/groups/GroupsView";
import { requireUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { listGroups, listUserScopes, tenantOptions } from "@/lib/groups/groups";

export const metadata: Metadata = { title: "Tenant groups" };

export default async function GroupsPage() {
  const user = await requireUser("/groups", "admin");
  const [groups, users, tenants] = await Promise.all([listGroups(db()), listUserScopes(db()), tenantOptions(db())]);
  return <GroupsView groups={groups} users={users} tenants={tenants} me={user.userId} />;
}
