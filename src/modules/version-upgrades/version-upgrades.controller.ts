import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { MigrateInstancesDto, MigrationReportDto } from './dto/migration.dto';
import { VersionUpgradesService } from './version-upgrades.service';

@ApiTags('definitions')
@ApiBearerAuth()
@Controller('api/definitions/:key/migrations')
export class VersionUpgradesController {
  constructor(private readonly migrations: VersionUpgradesService) {}

  /** Moves running instances to a newer version (or, with `dryRun`, reports what would move). */
  @Post()
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: MigrationReportDto })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse({ description: 'Unknown key or version' })
  @ApiUnprocessableEntityResponse({ description: 'Target not newer, or deprecated' })
  migrate(
    @CurrentUser() admin: AuthenticatedUser,
    @Param('key') key: string,
    @Body() body: MigrateInstancesDto,
  ): Promise<MigrationReportDto> {
    return this.migrations.migrate(admin, key, body);
  }
}
