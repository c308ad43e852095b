import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Can } from '../auth/decorators';
import { MetricsDto, MetricsQueryDto } from './metrics.dto';
import { MetricsService } from './metrics.service';

/** The seed's metrics for coordinators (permission table: resource `metrics`). */
@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Can('metrics', 'read')
  @ApiOperation({ summary: 'Metrics per team, client group, worker or the county for a period (groups under 5 cases withheld)' })
  @ApiOkResponse({ type: MetricsDto })
  get(@Query() q: MetricsQueryDto): Promise<MetricsDto> {
    return this.metrics.metrics(q);
  }

  @Get('csv')
  @Can('metrics', 'export')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="kohtaamo-metrics.csv"')
  @ApiOperation({ summary: 'The same metrics as CSV (RFC 4180; withheld figures are empty cells)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  csv(@Query() q: MetricsQueryDto): Promise<string> {
    return this.metrics.csv(q);
  }
}
