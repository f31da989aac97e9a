import 'reflect-metadata';
import { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsumerExampleModule } from './consumer-example.module';
import { JetStreamServer, JetStreamServerOptions } from './jetstream.server';

/** Builds the example microservice; the caller `listen()`s and `close()`s it. */
export function createConsumerApp(options: JetStreamServerOptions): Promise<INestMicroservice> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class and documents object literals for them.
  return NestFactory.createMicroservice(ConsumerExampleModule, {
    strategy: new JetStreamServer(options),
    logger: ['error', 'warn'],
  });
}
