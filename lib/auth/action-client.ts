// Every server action is a public POST endpoint. They are all built here, so none can forget to
// authenticate, authorize (roles fail closed), validate its input with zod, check that the tenants
// it touches are ours and within the user's tenant scope (scope.ts), require a fresh sign-in where
// the definition asks for one, and audit a refusal. Only expected errors (expected-errors.ts) show
// their message; anything else is logged with an id and the browser sees only that id.
//
// Fresh sign-in (`freshSignIn` on a definition; lib/auth/README.md): `true`, or a function that
// decides from the validated input and the database (never from anything else the browser says).
// When required and the session's sign-in is older than FRESH_SIGN_IN_MINUTES, the action answers
// { code: "reauthenticate", message, signInUrl } and runs nothing; the browser's shared helper
// (components/data/fresh-sign-in.ts) sends the person to `signInUrl` + `&returnTo=<their page>`.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { z } from "zod";
import type { PrismaClient } from "../db/generated/client";
import { recordAudit } from "../audit/record";
import { recordUnauthenticated } from "../audit/unauthenticated";
import { expectedError } from "./expected-errors";
import { FRESH_SIGN_IN_PATH, isFreshSignIn, staleSignInMessage } from "./fresh-sign-in";
import { allows, type Role } from "./roles";
import { inScope, outOfScopeMessage, PARTNER_NEEDS_ALL_TENANTS, type TenantScope } from "./scope";
import type { SessionUser } from "./sessions";
import { invalidMessage } from "./invalid-message";

export type ActionErrorCode = "unauthenticated" | "forbidden" | "reauthenticate" | "invalid" | "not-found" | "conflict" | "failed";

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: {
        code: ActionErrorCode;
        message: string;
        errorId?: string;
        fields?: Record<string, string[]>;
        /** With "reauthenticate": where to sign in again (the browser adds `&returnTo=<its page>`). */
        signInUrl?: string;
      };
    };

/** An error whose message is meant for the person who asked. */
export class ActionError extends Error {
  constructor(
    readonly code: Exclude<ActionErrorCode, "unauthenticated" | "forbidden" | "reauthenticate" | "invalid">,
    message: string,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

export interface ActionContext {
  user: SessionUser;
  prisma: PrismaClient;
  ip: string | null;
  /** The user's tenant scope, as stored when the request arrived. */
  scope: TenantScope;
}

/** The tenants a request acts on, found from its input on the server (e.g. a run's tenants). */
export interface TouchedTenants {
  tenantIds: readonly string[];
  /** It writes to the MSP's own tenant (needs a scope of all tenants). */
  partner?: boolean;
}

/** For actions that change the MSP's own tenant (or what every customer's fix is made for). */
export const touchesPartnerTenant = async (): Promise<TouchedTenants> => ({ tenantIds: [], partner: true });

export interface ActionDefinition<S extends z.ZodType> {
  name: string;
  role: Role;
  input: S;
  /** The customer tenant the action touches; it must be one the portal knows, within the user's scope. */
  tenantOf?: (input: z.output<S>) => string;
  /** The tenants the action touches when there are several or they are found on the server; each must be within the user's scope. */
  tenantsOf?: (input: z.output<S>, prisma: PrismaClient) => Promise<TouchedTenants>;
  /** When what is asked needs more than `role` (e.g. a bulk write over every tenant needs admin): the role this request needs. */
  roleFor?: (input: z.output<S>, prisma: PrismaClient) => Promise<Role>;
  /**
   * Needs a sign-in within FRESH_SIGN_IN_MINUTES (step-up): always (`true`), or when this function
   * says so for this input (read what decides it from the database, e.g. the run's kind and target).
   */
  freshSignIn?: boolean | ((input: z.output<S>, prisma: PrismaClient) => Promise<boolean>);
}

export interface ActionDeps {
  currentUser(): Promise<SessionUser | null>;
  scopeOf(user: SessionUser): Promise<TenantScope>;
  prisma(): PrismaClient;
  clientIp(): Promise<string | null>;
  log(): Logger;
  /** FRESH_SIGN_IN_MINUTES (lib/config.ts); 15 when not given. */
  freshSignInMinutes?(): number;
}

const BRAND = Symbol.for("msp-ca-portal.action");

const withArticle = (role: string) => `${/^[aeiou]/i.test(role) ? "an" : "a"} ${role}`;

export function isBuiltAction(fn: unknown): boolean {
  return typeof fn === "function" && BRAND in fn;
}

export function createActionClient(deps: ActionDeps) {
  return function action<S extends z.ZodType, T>(def: ActionDefinition<S>, body: (input: z.output<S>, ctx: ActionContext) => Promise<T>) {
    const run = async (raw: unknown): Promise<ActionResult<T>> => {
      const prisma = deps.prisma();
      const ip = await deps.clientIp();
      const user = await deps.currentUser();
      const deny = async (code: "unauthenticated" | "forbidden", message: string, detail: Record<string, string>) => {
        await recordAudit(prisma, { action: def.name, result: "denied", actor: user, ip, detail });
        return { ok: false as const, error: { code, message } };
      };
      if (!user) {
        await recordUnauthenticated(prisma, { action: def.name, ip, reason: "no valid session" });
        return { ok: false, error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } };
      }
      if (!allows(user.role, def.role)) {
        return deny("forbidden", `This needs the ${def.role} role; you are ${withArticle(user.role)}.`, { reason: `requires ${def.role}`, role: user.role });
      }
      const parsed = def.input.safeParse(raw);
      if (!parsed.success) {
        const fields: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) (fields[issue.path.join(".") || "input"] ??= []).push(issue.message);
        return { ok: false, error: { code: "invalid", message: invalidMessage(parsed.error.issues), fields } };
      }
      const scope = await deps.scopeOf(user);
      if (def.tenantOf) {
        const tenantId = def.tenantOf(parsed.data);
        if (!inScope(scope, tenantId)) {
          await recordAudit(prisma, { action: def.name, result: "denied", actor: user, ip, targetTenantId: tenantId, detail: { reason: "outside scope" } });
          return { ok: false, error: { code: "forbidden", message: outOfScopeMessage(scope) } };
        }
        if (!(await prisma.customerTenant.findUnique({ where: { id: tenantId }, select: { id: true } }))) {
          await recordAudit(prisma, { action: def.name, result: "denied", actor: user, ip, targetTenantId: tenantId, detail: { reason: "unknown tenant" } });
          return { ok: false, error: { code: "not-found", message: "No such customer tenant." } };
        }
      }
      if (def.tenantsOf) {
        const touched = await def.tenantsOf(parsed.data, prisma);
        if (touched.partner && !scope.all) return deny("forbidden", PARTNER_NEEDS_ALL_TENANTS, { reason: "partner write outside scope" });
        const outside = touched.tenantIds.filter((id) => !inScope(scope, id));
        if (outside.length > 0) {
          await recordAudit(prisma, {
            action: def.name,
            result: "denied",
            actor: user,
            ip,
            targetTenantId: outside.length === 1 ? outside[0] : null,
            detail: { reason: "outside scope", outside: outside.slice(0, 20).join(","), outsideCount: outside.length },
          });
          return { ok: false, error: { code: "forbidden", message: outOfScopeMessage(scope, outside.length) } };
        }
      }
      if (def.roleFor) {
        const needed = await def.roleFor(parsed.data, prisma);
        if (!allows(user.role, needed))
          return deny("forbidden", `This request needs the ${needed} role; you are ${withArticle(user.role)}.`, {
            reason: `request requires ${needed}`,
            role: user.role,
          });
      }
      if (def.freshSignIn) {
        const needed = def.freshSignIn === true || (await def.freshSignIn(parsed.data, prisma));
        const minutes = deps.freshSignInMinutes?.() ?? 15;
        if (needed && !isFreshSignIn(user.authTime, minutes)) {
          const message = staleSignInMessage(user.authTime, minutes);
          await recordAudit(prisma, {
            action: def.name,
            result: "denied",
            actor: user,
            ip,
            detail: { reason: "sign-in too old", signedInAt: user.authTime?.toISOString() ?? "unknown", freshSignInMinutes: minutes },
          });
          return { ok: false, error: { code: "reauthenticate", message, signInUrl: FRESH_SIGN_IN_PATH } };
        }
      }
      try {
        return { ok: true, data: await body(parsed.data, { user, prisma, ip, scope }) };
      } catch (err) {
        const expected = expectedError(err);
        if (expected) return { ok: false, error: expected };
        const errorId = randomUUID();
        deps.log().error({ err, errorId, action: def.name, user: user.upn }, "action failed");
        return { ok: false, error: { code: "failed", message: `Something went wrong; the error was logged as ${errorId}.`, errorId } };
      }
    };
    Object.defineProperty(run, BRAND, { value: def.name, enumerable: false });
    return run;
  };
}
