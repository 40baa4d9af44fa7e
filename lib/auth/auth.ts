import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { Database } from "@/lib/db/client";
import { accounts, sessions, users, verifications } from "@/lib/db/schema";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { AUTH_BASE_PATH, CLIENT_IP_HEADER } from "./constants";
import { createRateLimitStore } from "./rate-limit-store";
import { assertSignUpAllowed, completeSignUp } from "./sign-up-policy";


const log = logger("auth");
const SIGN_UP = "/sign-up/email";

const optionalString = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : undefined);

/** Builds the better-auth instance on the open database. */
export function createAuth(input: { database: Database; env: Env; secret: string }) {
  const { database, env } = input;
  const db = database.db;
  const publicUrl = env.LABBOOK_PUBLIC_URL;
  return betterAuth({
    appName: "Labbook",
    basePath: AUTH_BASE_PATH,
    // Without a configured public URL, the origin is the one each request reached.
    baseURL: publicUrl ?? { allowedHosts: ["*"], protocol: "auto" },
    logger: {
      log: (level, message, ...args) => log[level]({ details: args.length > 0 ? args : undefined }, message),
    },
    secret: input.secret,
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    // Same-origin only: the origin the request reached (or the configured public URL).
    trustedOrigins: (request) => [publicUrl ? new URL(publicUrl).origin : request ? new URL(request.url).origin : undefined],
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      customStorage: createRateLimitStore(),
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: env.LABBOOK_SIGNIN_RATE_LIMIT },
        [SIGN_UP]: { window: 60, max: 30 },
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: publicUrl?.startsWith("https://") ?? false,
      cookiePrefix: "labbook",
      database: { generateId: () => crypto.randomUUID() },
    },
    telemetry: { enabled: false },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_UP) return;
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        try {
          await assertSignUpAllowed(db, {
            email: optionalString(body.email) ?? "",
            invitation: optionalString(body.invitation),
            openSignup: env.LABBOOK_OPEN_SIGNUP,
          });
        } catch (error) {
          if (error instanceof AppError) {
            throw new APIError(error.status === 404 ? "NOT_FOUND" : error.status === 409 ? "CONFLICT" : "FORBIDDEN", {
              message: error.message,
            });
          }
          throw error;
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const created = ctx.context.newSession;
        if (ctx.path !== SIGN_UP || !created) return;
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        try {
          await completeSignUp(db, {
            userId: created.user.id,
            email: created.user.email,
            name: created.user.name,
            invitation: optionalString(body.invitation),
            workspaceName: optionalString(body.workspaceName),
          });
        } catch (error) {
          // The account exists; the user can still join or create a workspace from the UI.
          log.error({ err: error, userId: created.user.id }, "post-sign-up setup failed");
        }
      }),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
