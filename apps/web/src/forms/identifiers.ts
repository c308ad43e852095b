import type { ApiError } from '../api/client';

/**
 * What the API found in an anonymous text (422 `identifier_in_anonymous`, `details.findings`: the field
 * and the kind of identifier, never the text itself), as catalogue keys under `identifier.` per field,
 * so the app words it in the user's language. Kinds: libs/domain/src/identifiers.ts.
 */
export const IDENTIFIER_KINDS = ['personal_identity_code', 'phone', 'email', 'address', 'birth_date', 'name'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export function identifierFindings(e: Pick<ApiError, 'code' | 'details'>): Map<string, IdentifierKind[]> {
  const out = new Map<string, IdentifierKind[]>();
  if (e.code !== 'identifier_in_anonymous') return out;
  const findings = (e.details as { findings?: unknown } | undefined)?.findings;
  if (!Array.isArray(findings)) return out;
  for (const f of findings as Array<{ field?: unknown; kind?: unknown }>) {
    if (typeof f.field !== 'string' || !(IDENTIFIER_KINDS as readonly unknown[]).includes(f.kind)) continue;
    const kinds = out.get(f.field) ?? [];
    if (!kinds.includes(f.kind as IdentifierKind)) kinds.push(f.kind as IdentifierKind);
    out.set(f.field, kinds);
  }
  return out;
}
