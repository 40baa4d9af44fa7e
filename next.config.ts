import type { NextConfig } from "next";

const config: NextConfig = {
  // The database and its drivers belong to the custom server; Next must never bundle them.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pino", "better-auth"],
  poweredByHeader: false,
  typedRoutes: false,
  devIndicators: false,
  // `npm run typecheck` checks the whole repository (CI runs it); repeating it here would
  // double the first start's build time and tie the UI build to test files.
  typescript: { ignoreBuildErrors: true },
};

export default config;
