// The Users page's server actions, defined here (who may call them, what they take, that they need a
// fresh sign-in, what they do) and built in app/users/actions.ts with the one action client, so
// tests build exactly these definitions with a test client and check their authorization.
import { z } from "zod";
import type { ActionContext, ActionDefinition } from "../auth/action-client";
import { endUserSessions, setUserDisabled } from "./admin";

const userId = z.uuid().transform((v) => v.toLowerCase());
const by = ({ user, ip }: ActionContext) => ({ actor: { userId: user.userId, upn: user.upn, objectId: user.objectId, tenantId: user.tenantId }, ip });

const setDisabledInput = z.strictObject({ userId, disabled: z.boolean() });
const endSessionsInput = z.strictObject({ userId });

export const SET_USER_DISABLED: ActionDefinition<typeof setDisabledInput> = {
  name: "user-set-disabled",
  role: "admin",
  input: setDisabledInput,
  freshSignIn: true,
};
export const setUserDisabledBody = (input: z.output<typeof setDisabledInput>, ctx: ActionContext) => setUserDisabled(ctx.prisma, input, by(ctx));

export const END_USER_SESSIONS: ActionDefinition<typeof endSessionsInput> = {
  name: "user-end-sessions",
  role: "admin",
  input: endSessionsInput,
  freshSignIn: true,
};
export const endUserSessionsBody = ({ userId }: z.output<typeof endSessionsInput>, ctx: ActionContext) => endUserSessions(ctx.prisma, userId, by(ctx));
