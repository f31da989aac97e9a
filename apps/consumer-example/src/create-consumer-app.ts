import 'reflect-metadata';
import { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsumerExampleModule } from './consumer-example.module';
import { JetStreamServer, JetStreamServerOptions } from './jetstream.server';

/** Builds the example microservice; the caller `listen()`s and `close()`s it. */
export function createConsumerApp(options: JetStreamServerOptions): Promise<INestMicroservice> {
  return NestFactory.createMicroservice(ConsumerExampleModule, {
    strategy: new JetStreamServer(options),
    logger: ['error', 'warn'],
  });
}
