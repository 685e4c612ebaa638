import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        queueMicrotask: "readonly",
        fetch: "readonly",
        Response: "readonly",
        Request: "readonly",
        FormData: "readonly",
        window: "readonly",
        document: "readonly",
        NodeJS: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    // ARCHITECTURE rule 1: the Remix app never imports runtime code from server/ or db/ (types only).
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // server/contract/pricing is the one runtime exception: pure, it imports nothing.
              regex: "^(\\.\\./)+(server|db)(/(?!contract/pricing(\\.js)?$)|$)",
              allowTypeImports: true,
              message: "app/ may import only types from server/ or db/: get services from the load context.",
            },
          ],
        },
      ],
    },
  },
  {
    // Migrations are written against Kysely<any>: frozen in time, they must not depend on today's schema types.
    files: ["db/migrations/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Server code logs through the one structured logger.
    files: ["server/**/*.ts", "db/**/*.ts"],
    rules: { "no-console": "error" },
  },
);
