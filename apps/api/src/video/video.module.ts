import { Global, Module } from '@nestjs/common';
import { SfuControlService } from './sfu-control.service';
import { SfuNodesRepository } from './sfu-nodes.repository';
import { SfuPlacementService } from './sfu-placement.service';

/** SFU nodes: where a meeting's video lives (used when join tokens are signed), and orders to them. */
@Global()
@Module({ providers: [SfuNodesRepository, SfuPlacementService, SfuControlService], exports: [SfuPlacementService, SfuNodesRepository, SfuControlService] })
export class VideoModule {}
