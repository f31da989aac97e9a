export * from './realtime-request.error';
export * from './article-subject';
export * from './article-filter';
export * from './fields-projection';
export * from './stream-request';
export * from './partition-request';
