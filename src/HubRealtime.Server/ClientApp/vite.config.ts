import { defineConfig } from "vitest/config";
import preact from "@preact/preset-vite";

// The page is served by the ASP.NET Core server from src/HubRealtime.Server/wwwroot (git-ignored).
export default defineConfig({
  root: ".",
  base: "/",
  publicDir: "public",
  // Components are TSX compiled by esbuild; the preset adds Preact's JSX runtime and the react aliases.
  plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false })],
  build: {
    outDir: "../wwwroot",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    // No inline scripts (the CSP forbids them): modern browsers preload modules natively.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rollupOptions: {
      onwarn(warning, warn) {
        // @microsoft/signalr ships /*#__PURE__*/ comments in places rollup ignores: harmless.
        if (warning.code === "INVALID_ANNOTATION" && warning.id?.includes("@microsoft/signalr")) return;
        warn(warning);
      },
    },
  },
  server: {
    // `npm run dev` against a locally running server (dotnet run).
    proxy: {
      "/hubs": { target: "http://localhost:5080", ws: true },
      "/api": { target: "http://localhost:5080" },
    },
  },
  test: {
    // The framework-free core runs in plain Node; component tests opt in with `@vitest-environment jsdom`.
    environment: "node",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
