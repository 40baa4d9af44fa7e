import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Dependencies point one way: app → lib, server → lib; lib imports neither. */
const layer = (forbidden) => ({
  "no-restricted-imports": [
    "error",
    {
      patterns: forbidden.flatMap((dir) => [
        { group: [`@/${dir}`, `@/${dir}/*`], message: `This layer must not import ${dir}/ (app → lib, server → lib).` },
        { group: [`**/${dir}/*`, `../${dir}`, `../../${dir}`], message: `This layer must not import ${dir}/ (app → lib, server → lib).` },
      ]),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".labbook/**",
      "drizzle/**",
      "clients/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-ignore": true, "ts-nocheck": true }],
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching…) are typed `any`.
    files: ["**/*.test.ts", "tests/**"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off" },
  },
  { files: ["lib/**"], rules: { ...layer(["app", "server"]), "no-console": "error" } },
  { files: ["server/**"], rules: { ...layer(["app"]), "no-console": "error" } },
  { files: ["app/**"], rules: layer(["server"]) },
);
