import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { notFound } from '@okapi/adapters/errors';
import { Public } from '../auth/public.decorator';
import { ASSET_NAME, CONSOLE_CSP, consoleIsBuilt, NOT_BUILT_PAGE } from './console-assets';

export const CONSOLE_DIR = Symbol('CONSOLE_DIR');

/**
 * Serves the console (a single-page app with hash routes) at `/`. Its files are public; every
 * data call it makes carries the user's bearer token, so nothing here needs one.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ConsoleStaticController {
  constructor(@Inject(CONSOLE_DIR) private readonly dir: string) {}

  @Get()
  index(@Res() res: Response): void {
    securityHeaders(res);
    res.setHeader('Cache-Control', 'no-cache');
    if (!consoleIsBuilt(this.dir)) {
      res.status(200).type('html').send(NOT_BUILT_PAGE);
      return;
    }
    res.sendFile('index.html', { root: this.dir, dotfiles: 'deny' });
  }

  /** Content-hashed build output: cached for a year, never revalidated. */
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    if (!ASSET_NAME.test(file)) throw notFound('console.asset_not_found', 'no such console asset');
    securityHeaders(res);
    res.sendFile(`assets/${file}`, { root: this.dir, dotfiles: 'deny', immutable: true, maxAge: '365d' }, (err) => {
      if (err && !res.headersSent)
        res.status(404).json({ status: 404, message: 'no such console asset', code: 'console.asset_not_found' });
    });
  }
}

function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}
