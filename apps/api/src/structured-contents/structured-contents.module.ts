import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { StructuredContentsController } from './structured-contents.controller';
import { StructuredContentsService } from './structured-contents.service';

/** `GET|POST /v2/structured-contents/{name}`. */
@Module({
  imports: [ArticlesModule],
  controllers: [StructuredContentsController],
  providers: [StructuredContentsService],
})
export class StructuredContentsModule {}
