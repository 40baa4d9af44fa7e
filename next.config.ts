import type { NextConfig } from "next";

const config: NextConfig = {
  // The database and its drivers belong to the custom server; Next must never bundle them.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pino", "better-auth"],
  poweredByHeader: false,
  typedRoutes: false,
  devIndicators: false,
};

export default config;
