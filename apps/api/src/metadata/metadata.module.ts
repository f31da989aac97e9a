import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { MetadataController } from './metadata.controller';
import { MetadataService } from './metadata.service';

/** `/v2/projects`, `/v2/languages`, `/v2/namespaces`, `/v2/codes` (+ `/{id}`). */
@Module({
  imports: [ArticlesModule],
  controllers: [MetadataController],
  providers: [MetadataService],
})
export class MetadataModule {}
