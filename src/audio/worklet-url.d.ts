// Vite bundles a module imported with `?worker&url` (and its imports) and gives its URL.
declare module "*?worker&url" {
  const url: string;
  export default url;
}
