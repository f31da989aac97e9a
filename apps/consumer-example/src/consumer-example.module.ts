import { Module } from '@nestjs/common';
import { SuspectEditsController, SuspectEditsLog } from './suspect-edits.controller';

@Module({ controllers: [SuspectEditsController], providers: [SuspectEditsLog] })
export class ConsumerExampleModule {}
