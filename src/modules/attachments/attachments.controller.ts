import {
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  type StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { type Request } from 'express';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { AttachmentsService } from './attachments.service';
import { AttachmentDto, AttachmentUploadDto } from './dto/attachment.dto';

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('api/instances/:id/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AttachmentUploadDto })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiPayloadTooLargeResponse({ description: 'Over ATTACHMENT_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Content is not PDF, DOCX, XLSX, PNG or JPEG' })
  upload(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: Request,
  ): Promise<AttachmentDto> {
    return this.attachments.upload(user, id, request);
  }

  @Get()
  @ApiOkResponse({ type: [AttachmentDto] })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AttachmentDto[]> {
    return this.attachments.list(user, id);
  }

  @Get(':attachmentId')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file, with Content-Disposition naming it' })
  @ApiForbiddenResponse({ description: 'The caller may not read the instance' })
  download(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
  ): Promise<StreamableFile> {
    return this.attachments.download(user, id, attachmentId);
  }
}
