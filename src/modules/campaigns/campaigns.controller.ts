import { Body, Controller, Get, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { contentDisposition } from '../attachments/file-names';
import { XLSX_CONTENT_TYPE } from './campaign-workbook';
import { CampaignsService } from './campaigns.service';
import {
  CampaignCreatedDto,
  CampaignDto,
  CampaignSummaryDto,
  CreateCampaignDto,
  RemindersSentDto,
  SendRemindersDto,
} from './dto/campaign.dto';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @ApiCreatedResponse({ type: CampaignCreatedDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateCampaignDto,
  ): Promise<CampaignCreatedDto> {
    return this.campaigns.create(user, body);
  }

  @Get()
  @ApiOkResponse({ type: [CampaignSummaryDto], description: 'Newest first' })
  list(@CurrentUser() user: AuthenticatedUser): Promise<CampaignSummaryDto[]> {
    return this.campaigns.list(user);
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignDto })
  read(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CampaignDto> {
    return this.campaigns.read(user, id);
  }

  @Get(':id/export')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The campaign’s progress as an Excel workbook' })
  async export(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<StreamableFile> {
    const file = await this.campaigns.export(user, id);
    return new StreamableFile(file.content, {
      type: XLSX_CONTENT_TYPE,
      length: file.content.length,
      disposition: contentDisposition(file.fileName),
    });
  }

  /** Đôn đốc: reminds the units that are late (or, with scope `unfinished`, all not finished). */
  @Post(':id/reminders')
  @ApiCreatedResponse({ type: RemindersSentDto })
  remind(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SendRemindersDto,
  ): Promise<RemindersSentDto> {
    return this.campaigns.remind(user, id, body);
  }
}
