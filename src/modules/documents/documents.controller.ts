import { Controller, Get, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { contentDisposition } from '../attachments/file-names';
import { DocumentsService } from './documents.service';
import { DocumentLayoutDto } from './dto/document-layout.dto';
import { DOCX_CONTENT_TYPE } from './docx-content-type';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/instances/:id/document')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** The document's parts as JSON, for the web app's print view. */
  @Get('layout')
  @ApiOkResponse({ type: DocumentLayoutDto })
  layout(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DocumentLayoutDto> {
    return this.documents.layout(user, id);
  }

  /** The promulgated document as `.docx`, laid out per Hướng dẫn 36-HD/VPTW. */
  @Get()
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'Word document; 404 while the instance is not promulgated' })
  async download(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<StreamableFile> {
    const file = await this.documents.docx(user, id);
    return new StreamableFile(file.content, {
      type: DOCX_CONTENT_TYPE,
      length: file.content.length,
      disposition: contentDisposition(file.fileName),
    });
  }
}
