import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SystemRole } from '@kohtaamo/domain';
import type { LocalDate } from '@kohtaamo/scheduling';

/** A staff account as sign-in needs it: the person and the facts their roles are derived from. */
export interface SignInAccount {
  id: string;
  name: string;
  organisation: string;
  systemRole: SystemRole;
  active: boolean;
  /** a member of some team */
  member: boolean;
  /** chairs some team, or is one of a responsible pair whose term covers `today` */
  chair: boolean;
}

/** A person the development issuer can make a token for. */
export interface DevAccount {
  id: string;
  email: string;
  name: string;
  oidcSubject: string | null;
}

/** The person rows behind staff sign-in (TokenVerifier) and the development issuer's tokens (DevIssuer). */
@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The account bound to `subject`; else, if `email` is given (one the identity provider has verified),
   * the unbound account with that email (case-insensitive), which is bound to `subject` in the same
   * statement. Null when neither exists. `today` (YYYY-MM-DD) is the Helsinki date a responsible pair's term is read on.
   */
  async findOrBind(subject: string, email: string | null, today: LocalDate): Promise<SignInAccount | null> {
    const rows: Array<{ id: string; name: string; organisation: string; system_role: SystemRole; active: boolean; member: boolean; chair: boolean }> = await this.db.query(
      `WITH bound AS (SELECT id FROM person WHERE oidc_subject = $1),
            bind AS (UPDATE person SET oidc_subject = $1, updated_at = now()
                      WHERE NOT EXISTS (SELECT 1 FROM bound) AND oidc_subject IS NULL AND $2::text IS NOT NULL AND lower(email) = lower($2)
                      RETURNING id),
            who AS (SELECT id FROM bound UNION ALL SELECT id FROM bind)
       SELECT p.id, p.name, p.organisation, p.system_role, p.active,
              EXISTS (SELECT 1 FROM team_member tm WHERE tm.person_id = p.id) AS member,
              EXISTS (SELECT 1 FROM team_member tm WHERE tm.person_id = p.id AND tm.role = 'chair')
                OR EXISTS (SELECT 1 FROM responsible_pair rp WHERE p.id IN (rp.physician_id, rp.nurse_id)
                             AND rp.valid_from <= $3::date AND (rp.valid_to IS NULL OR rp.valid_to >= $3::date)) AS chair
         FROM person p JOIN who ON who.id = p.id LIMIT 1`,
      [subject, email, today],
    );
    const p = rows[0];
    return p ? { id: p.id, name: p.name, organisation: p.organisation, systemRole: p.system_role, active: p.active, member: p.member, chair: p.chair } : null;
  }

  /** A person by id, or else by email (case-insensitive); null if neither matches. */
  async byIdOrEmail(personId: string | null, email: string | null): Promise<DevAccount | null> {
    const rows: Array<{ id: string; email: string; name: string; oidc_subject: string | null }> = await this.db.query(
      `SELECT id, email, name, oidc_subject FROM person WHERE ($1::uuid IS NOT NULL AND id = $1::uuid) OR ($2::text IS NOT NULL AND lower(email) = lower($2)) LIMIT 1`,
      [personId, email],
    );
    const p = rows[0];
    return p ? { id: p.id, email: p.email, name: p.name, oidcSubject: p.oidc_subject } : null;
  }
}
