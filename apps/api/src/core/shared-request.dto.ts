import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';

/**
 * Members of the WME SDKs' shared `Request` (wme-sdk-go `pkg/api` Request; wme-sdk-python
 * `modules/api/api_client.py` Request) that the SDKs send with every call, because one Request
 * value is reused across endpoints: `since`, `parts`, `offsets`, `since_per_partition` (and
 * `limit`, which on-demand applies). Only the realtime stream applies the first four; every other
 * endpoint accepts and ignores them, as WME does. A name outside this list is still refused (422).
 */
export class WmeRequestMembers {
  @ApiPropertyOptional({ description: 'Realtime only; accepted and ignored here (WME SDKs reuse one Request).' })
  @Allow()
  since?: unknown;

  @ApiPropertyOptional({ description: 'Realtime only; accepted and ignored here.' })
  @Allow()
  parts?: unknown;

  @ApiPropertyOptional({ description: 'Realtime only; accepted and ignored here.' })
  @Allow()
  offsets?: unknown;

  @ApiPropertyOptional({ description: 'Realtime only; accepted and ignored here.' })
  @Allow()
  since_per_partition?: unknown;
}

/** The same, plus `limit`, which WME applies on on-demand only ("for now works only with Articles API"). */
export class WmeRequestMembersWithLimit extends WmeRequestMembers {
  @ApiPropertyOptional({ description: 'On-demand only; accepted and ignored here.' })
  @Allow()
  limit?: unknown;
}

export const WME_REQUEST_MEMBERS = ['since', 'parts', 'offsets', 'since_per_partition'] as const;
