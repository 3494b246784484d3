/** Vite's `?url` imports: the URL of a file bundled as an asset of the app (same origin). */
declare module "*?url" {
  const url: string;
  export default url;
}
