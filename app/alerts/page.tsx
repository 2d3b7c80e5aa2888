import type { Metadata } from "next";
import { AlertsView } from "@/components/alerts/AlertsView";
import { requireUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { ALERT_EVENT_TYPES, listDeliveries, listDestinations } from "@/lib/guard/alerts/destinations";
import { EVENT_LABELS } from "@/lib/guard/event-types";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

export default async function AlertsPage() {
  await requireUser("/alerts", "admin");
  const [destinations, deliveries] = await Promise.all([listDestinations(db()), listDeliveries(db())]);
  const eventTypes = ALERT_EVENT_TYPES.map((type) => ({ type, label: EVENT_LABELS[type] }));
  return <AlertsView destinations={destinations} deliveries={deliveries} eventTypes={eventTypes} />;
}
