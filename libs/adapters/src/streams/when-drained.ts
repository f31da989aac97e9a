/**
 * Resolves when a writable that returned false from `write()` may take more: on 'drain', or when
 * it ends without draining ('close' or 'error': a closed socket or pipe never drains).
 */
export function whenDrained(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
