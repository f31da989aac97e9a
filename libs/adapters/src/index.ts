export * from './config/env.config';
