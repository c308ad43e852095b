/**
 * Shapes of API answers whose routes declare no response DTO in the OpenAPI document yet (so schema.d.ts
 * types them as unknown). Written from the API's entities and services; replace each with the generated
 * type (`components['schemas'][…]`) once its route declares `@ApiOkResponse({ type: … })`.
 */
import type { Lang } from '../lib/language';

export type Role = 'requester' | 'team_member' | 'chair' | 'coordinator' | 'admin' | 'external_guest' | 'family_member';

/** GET /api/me for staff (apps/api/src/auth/principal.ts) */
export interface Me {
  kind: 'staff' | 'guest';
  personId: string;
  name: string;
  organisation: string;
  systemRole: 'staff' | 'coordinator' | 'admin';
  roles: Role[];
  /** not in the API yet: a person's own language */
  language?: Lang;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Team {
  id: string;
  kind: string;
  name: string;
  unit: string | null;
}

/** GET /api/teams/:id */
export interface TeamDetail extends Team {
  members: Array<{ id: string; personId: string; role: 'member' | 'chair' }>;
  responsiblePairs: Array<{ physicianId: string; nurseId: string; validFrom: string; validTo: string | null }>;
}
