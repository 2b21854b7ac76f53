import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { ClaimsService } from './claims.service';
import { ClaimDto } from './dto/claim.dto';

@ApiTags('instances')
@ApiBearerAuth()
@Controller('api/instances/:id')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post('claim')
  @HttpCode(200)
  @ApiOkResponse({ type: ClaimDto })
  @ApiForbiddenResponse({ description: 'Not an assignee of the current task' })
  @ApiConflictResponse({ description: 'Claimed by a colleague (body carries `claim`)' })
  claim(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ClaimDto> {
    return this.claims.claim(user, id);
  }

  @Post('release')
  @HttpCode(200)
  @ApiOkResponse({ type: ClaimDto })
  release(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ClaimDto> {
    return this.claims.release(user, id);
  }
}
