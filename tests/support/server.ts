import { loadEnv } from "@/lib/env";
import type { Role } from "@/lib/access/roles";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { User } from "@/lib/db/schema";
import { addMember } from "@/lib/members/add-member";
import { createUser } from "@/lib/users/create-user";
import { startServer, type RunningServer } from "@/server/index";
import { createTestDatabase, type TestDatabase } from "./database";

export interface RequestOptions {
  method?: string;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  /** API key for `Authorization: Bearer`. */
  key?: string;
  /** Cookie header (session). Cookie writes also get a same-origin `Origin` unless `origin` is set. */
  cookie?: string;
  origin?: string | null;
  headers?: Record<string, string>;
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestUser {
  user: User;
  key: string;
  email: string;
  password: string;
}

export interface TestServer {
  server: RunningServer;
  url: string;
  database: TestDatabase;
  /** Calls the API (path relative to the origin, e.g. `/api/v1/me`) and parses JSON. */
  request<T = Record<string, unknown>>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Creates a user with an API key, optionally as a member of a workspace. */
  createUser(options?: { name?: string; workspaceId?: string; role?: Role }): Promise<TestUser>;
  /** Signs in through better-auth and returns the session cookie header. */
  signIn(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/** Starts the real server in-process on port 0 without the UI, on an isolated database. */
export async function startTestServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const env = loadEnv({ ...process.env, ...database.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...extraEnv });
  const server = await startServer({ env, ui: false });
  const url = server.url;

  const request = async <T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (options.cookie) {
      headers.cookie = options.cookie;
      if (options.origin !== null) headers.origin = options.origin ?? url;
    } else if (options.origin) headers.origin = options.origin;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${url}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  };

  return {
    server,
    url,
    database,
    request,
    async createUser(options = {}) {
      counter++;
      const email = `user${counter}-${Date.now()}@example.com`;
      const password = `password-${counter}`;
      const db = server.services.database.db;
      const user = await createUser(db, { email, password, name: options.name ?? `User ${counter}` });
      if (options.workspaceId) await addMember(db, { workspaceId: options.workspaceId, userId: user.id, role: options.role ?? "viewer", actorId: null });
      const { key } = await createApiKey(db, { userId: user.id, name: "test" });
      return { user, key, email, password };
    },
    async signIn(email, password) {
      const response = await fetch(`${url}/api/v1/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: url },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
      return cookieHeader(response);
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** Turns a response's Set-Cookie headers into a Cookie request header. */
export function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
