import { Controller, Get, HttpCode, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { WORKER_POOL } from '../media/media.tokens';
import type { WorkerPool, WorkerSlotStatus } from '../media/worker-pool.service';
import { RoomsService, type RoomsStatus } from '../rooms/rooms.service';

export interface SfuHealth extends RoomsStatus {
  status: 'ok' | 'degraded' | 'down';
  workers: WorkerSlotStatus[];
}

/** GET /health: 200 while at least one worker runs (status 'degraded' if some are down), else 503. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(WORKER_POOL) private readonly pool: WorkerPool,
    private readonly rooms: RoomsService,
  ) {}

  @Get()
  @HttpCode(HttpStatus.OK)
  health(@Res({ passthrough: true }) res: Response): SfuHealth {
    const workers = this.pool.status();
    const alive = workers.filter((w) => w.alive).length;
    const status = alive === workers.length ? 'ok' : alive > 0 ? 'degraded' : 'down';
    if (status === 'down') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status, workers, ...this.rooms.status() };
  }
}
