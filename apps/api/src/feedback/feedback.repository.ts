import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FeedbackFacts, Locale } from '@kohtaamo/domain';
import { asSystem } from '../database/actor-context';

export interface SurveyLink {
  id: string;
  locale: Locale;
  answered: boolean;
  expiresAt: Date;
}

/**
 * feedback_invitation and feedback_answer (migration 1765040000001-feedback). The links are the system's
 * business (row-level security shows them to the system actor only): every query here runs as it.
 */
@Injectable()
export class FeedbackRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The link of a participant of a meeting, while it is unanswered (answering forgets the participant). */
  linkOf(meetingId: string, participantId: string): Promise<SurveyLink | null> {
    return asSystem(async () => {
      const rows: Array<{ id: string; locale: Locale; answered: boolean; expires_at: Date }> = await this.db.query(
        `SELECT id, locale, answered, expires_at FROM feedback_invitation WHERE meeting_id = $1 AND participant_id = $2`,
        [meetingId, participantId],
      );
      return rows[0] ? { id: rows[0].id, locale: rows[0].locale, answered: rows[0].answered, expiresAt: rows[0].expires_at } : null;
    });
  }

  link(id: string): Promise<SurveyLink | null> {
    return asSystem(async () => {
      const rows: Array<{ id: string; locale: Locale; answered: boolean; expires_at: Date }> = await this.db.query(
        `SELECT id, locale, answered, expires_at FROM feedback_invitation WHERE id = $1`,
        [id],
      );
      return rows[0] ? { id: rows[0].id, locale: rows[0].locale, answered: rows[0].answered, expiresAt: rows[0].expires_at } : null;
    });
  }

  /**
   * Records one answer and forgets who gave it, in one statement: the link is marked answered and loses
   * its participant, and the answer keeps only the team, the month (Helsinki) the link was made in, the
   * language, the score and the text. False when the link was answered already or has expired (a
   * concurrent second answer finds it answered: the UPDATE's row lock serialises them).
   */
  answer(id: string, now: Date, score: number, comment: string | null): Promise<boolean> {
    return asSystem(async () => {
      const rows: unknown[] = await this.db.query(
        `WITH done AS (
           UPDATE feedback_invitation SET answered = true, participant_id = NULL
            WHERE id = $1 AND NOT answered AND expires_at > $2
           RETURNING team_id, locale, created_at)
         INSERT INTO feedback_answer (team_id, month, locale, score, comment)
         SELECT team_id, date_trunc('month', created_at AT TIME ZONE 'Europe/Helsinki')::date, locale, $3, $4 FROM done
         RETURNING 1`,
        [id, now, score, comment],
      );
      return rows.length === 1;
    });
  }

  /**
   * The same answers counted per team and score (one row per team and score, `count` set): what the
   * metrics need, without sending every answer (a county's year has ~20,000).
   */
  scoreCounts(from: Date, to: Date, teamId: string | null): Promise<FeedbackFacts[]> {
    return asSystem(async () => {
      const rows: Array<{ team_id: string | null; score: number; n: string }> = await this.db.query(
        `SELECT team_id, score, count(*) AS n FROM feedback_answer
          WHERE month >= date_trunc('month', $1::timestamptz AT TIME ZONE 'Europe/Helsinki')::date
            AND month < $2::timestamptz AT TIME ZONE 'Europe/Helsinki'
            AND ($3::uuid IS NULL OR team_id = $3)
          GROUP BY team_id, score`,
        [from, to, teamId],
      );
      return rows.map((r) => ({ teamId: r.team_id ?? 'none', score: Number(r.score), count: Number(r.n) }));
    });
  }

  /** Scores of answers to links made in [from, to) (by month), per team; never per person. */
  scores(from: Date, to: Date, teamId: string | null): Promise<FeedbackFacts[]> {
    return asSystem(async () => {
      const rows: Array<{ team_id: string | null; score: number }> = await this.db.query(
        `SELECT team_id, score FROM feedback_answer
          WHERE month >= date_trunc('month', $1::timestamptz AT TIME ZONE 'Europe/Helsinki')::date
            AND month < $2::timestamptz AT TIME ZONE 'Europe/Helsinki'
            AND ($3::uuid IS NULL OR team_id = $3)`,
        [from, to, teamId],
      );
      return rows.map((r) => ({ teamId: r.team_id ?? 'none', score: Number(r.score) }));
    });
  }
}
