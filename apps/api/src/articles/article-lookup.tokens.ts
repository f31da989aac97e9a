/** DI tokens of the on-demand feature. */
export const ARTICLE_READ_MODEL = Symbol('ARTICLE_READ_MODEL');
