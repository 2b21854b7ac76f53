import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  type StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { type Request } from 'express';
import { ErrorBodyDto } from '../../common/errors/error-body.dto';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import {
  CreateMeetingDto,
  MeetingDto,
  MeetingMinutesDto,
  MeetingPageDto,
  MeetingsQueryDto,
  MinutesUploadDto,
} from './dto/meeting.dto';
import { MeetingsService } from './meetings.service';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('api/meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post()
  @ApiOperation({
    summary: 'Record a joint meeting (giao ban) of point 2',
    description:
      'Organised by the caller’s unit, with the units that took part, optionally on a directive’s point and following up a two-way exchange. Recorded as a MEETING_RECORDED event in the transparency log.',
  })
  @ApiCreatedResponse({ type: MeetingDto })
  @ApiForbiddenResponse({
    type: ErrorBodyDto,
    description: 'Not an official, or the exchange is not readable',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description:
      'An unknown or retired unit, directive, point or exchange, or a field out of bounds',
  })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateMeetingDto,
  ): Promise<MeetingDto> {
    return this.meetings.create(user, body);
  }

  @Get()
  @ApiOperation({
    summary: 'Joint meetings the caller sees, newest first (keyset pages)',
    description:
      'Those organised or attended by the caller’s unit or a unit below it; auditors and admins see all.',
  })
  @ApiOkResponse({ type: MeetingPageDto })
  @ApiBadRequestResponse({
    type: ErrorBodyDto,
    description: 'A cursor this listing did not return',
  })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: MeetingsQueryDto,
  ): Promise<MeetingPageDto> {
    return this.meetings.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: MeetingDto })
  @ApiForbiddenResponse({
    type: ErrorBodyDto,
    description: 'A meeting of units the caller cannot read',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  read(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<MeetingDto> {
    return this.meetings.read(user, id);
  }

  @Post(':id/minutes')
  @ApiOperation({
    summary: 'Attach minutes (biên bản) to a meeting',
    description:
      'By an official of the organising or a participating unit. PDF, DOCX or a PNG/JPEG scan, judged by content; stored content-addressed in the attachment store and recorded (with its SHA-256) as a MINUTES_ADDED event in the transparency log.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: MinutesUploadDto })
  @ApiCreatedResponse({ type: MeetingMinutesDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'Not the organiser or a participant' })
  @ApiPayloadTooLargeResponse({ type: ErrorBodyDto, description: 'Over ATTACHMENT_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({
    type: ErrorBodyDto,
    description: 'Content is not PDF, DOCX, PNG or JPEG',
  })
  addMinutes(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: Request,
  ): Promise<MeetingMinutesDto> {
    return this.meetings.addMinutes(user, id, request);
  }

  @Get(':id/minutes/:minutesId')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file, with Content-Disposition naming it' })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  downloadMinutes(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('minutesId', ParseUUIDPipe) minutesId: string,
  ): Promise<StreamableFile> {
    return this.meetings.downloadMinutes(user, id, minutesId);
  }
}
