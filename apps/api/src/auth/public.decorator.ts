import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC } from './auth.tokens';

/** Marks a /v2 endpoint as open even when OKAPI_AUTH=enabled. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
