export * from './article-subject';
