import { Module } from '@nestjs/common';
import { InternalSqlController } from './internal-sql.controller';

/** Loopback-only SQL for `okapi sql` while this process holds the chDB directory. */
@Module({ controllers: [InternalSqlController] })
export class InternalSqlModule {}
