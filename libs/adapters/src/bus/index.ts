export * from './in-process-article-bus';
export * from './nats-article-bus';
export * from './open-article-bus';
export * from './event-article-encoder';
export * from './lazy-article-bus';
export * from './ordered-lookahead';
