import { Transform } from 'class-transformer';

/** Trims surrounding whitespace of a string field (leaves other types for the validators to reject). */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

/** Query-string booleans: "true"/"false" → boolean; anything else is left for @IsBoolean to reject. */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
}
