import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ConsentEntity } from './consent.entity';

export type NewConsent = Omit<ConsentEntity, 'id' | 'createdAt'>;

/** The consent table: ConsentsService's I/O (the withdrawal's cascade is ConsentWithdrawalRepository's). */
@Injectable()
export class ConsentsRepository {
  constructor(@InjectRepository(ConsentEntity) private readonly consents: Repository<ConsentEntity>) {}

  insert(consent: NewConsent): Promise<ConsentEntity> {
    return this.consents.save(this.consents.create(consent));
  }

  get(id: string): Promise<ConsentEntity | null> {
    return this.consents.findOneBy({ id });
  }

  /** A client's consents, latest given first. */
  forClient(clientId: string): Promise<ConsentEntity[]> {
    return this.consents.find({ where: { clientId }, order: { givenAt: 'DESC' } });
  }

  /**
   * Marks a consent withdrawn at `at`, in the caller's transaction `tx` (the cascade runs in it too);
   * false if it was withdrawn already (a withdrawal keeps its first instant) or does not exist.
   */
  async markWithdrawn(tx: EntityManager, id: string, at: Date, reason: string | null): Promise<boolean> {
    const [, affected]: [unknown[], number] = await tx.query(`UPDATE consent SET withdrawn_at = $2, withdrawal_reason = $3 WHERE id = $1 AND withdrawn_at IS NULL`, [
      id,
      at,
      reason,
    ]);
    return affected > 0;
  }
}
