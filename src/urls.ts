/** A base URL as configured or received ("https://x/" or "https://x"), without its trailing slashes, so paths join with one. */
export const withoutTrailingSlashes = (url: string): string => url.replace(/\/+$/, "");
