import { Global, Module } from '@nestjs/common';
import { SfuNodesRepository } from './sfu-nodes.repository';
import { SfuPlacementService } from './sfu-placement.service';

/** SFU nodes: where a meeting's video lives (used when join tokens are signed). */
@Global()
@Module({ providers: [SfuNodesRepository, SfuPlacementService], exports: [SfuPlacementService, SfuNodesRepository] })
export class VideoModule {}
