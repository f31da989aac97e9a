/** Largest JSON body the API reads (express's parser and the on-demand fast path alike). */
export const MAX_BODY_BYTES = 1024 * 1024;
