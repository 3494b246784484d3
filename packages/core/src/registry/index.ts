export * from "./public-view.ts";
export * from "./publication.ts";
export * from "./search.ts";
export * from "./static-tree.ts";
