// Whether this portal process is stopping (scripts/serve.ts got SIGTERM): readiness then answers 503
// so a load balancer sends no new request here while the ones in flight finish. The flag lives on
// globalThis because serve.ts and Next.js's compiled route handlers load this module separately.
const KEY = Symbol.for("msp-ca-portal.draining");
type WithFlag = typeof globalThis & { [KEY]?: boolean };

export function markDraining(): void {
  (globalThis as WithFlag)[KEY] = true;
}

export function isDraining(): boolean {
  return (globalThis as WithFlag)[KEY] === true;
}
