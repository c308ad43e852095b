import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { AtRiskDto, AtRiskQueryDto, MetricsDto, MetricsQueryDto } from './metrics.dto';
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

  /**
   * Open requests about to miss, or that have missed, their next statutory deadline (coordinators).
   * Rules: `rules[].source` (Health Care Act 1326/2010 § 51); working days: `workingDays` (Act 150/1930 § 5
   * holidays plus Midsummer Eve and Christmas Eve). 400 naming `teamId` or `withinWorkingDays` on bad input,
   * 403 for anyone without the `metrics` permission.
   */
  @Get('at-risk')
  @Can('metrics', 'read')
  @ApiOperation({ summary: 'Open requests about to miss (or past) their next statutory deadline, with the rule and the working-day calendar' })
  @ApiOkResponse({ type: AtRiskDto })
  atRisk(@Query() q: AtRiskQueryDto, @CurrentStaff() who: StaffPrincipal): Promise<AtRiskDto> {
    return this.metrics.atRisk(q, who);
  }
}
