import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The web workspace: built into dist/ and served by the jcstar server from the same origin. */
export default defineConfig({
  base: "/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: { proxy: { "/api": process.env.JCSTAR_API ?? "http://127.0.0.1:8080" } },
});
