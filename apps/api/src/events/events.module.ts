import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { EventsReplayService } from './events-replay.service';

@Module({ controllers: [EventsController], providers: [EventsReplayService] })
export class EventsModule {}
