-- The role is re-derived from Entra at every sign-in; null when the last sign-in carried no portal role.
ALTER TABLE "PortalUser" ALTER COLUMN "role" DROP NOT NULL,
ALTER COLUMN "role" DROP DEFAULT;

-- When the person last authenticated at Entra (the id token's auth_time), for fresh sign-in.
ALTER TABLE "Session" ADD COLUMN "authTime" TIMESTAMP(3);
