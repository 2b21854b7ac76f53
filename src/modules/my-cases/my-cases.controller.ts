import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { MyCasesPageDto, MyCasesQueryDto } from './dto/my-cases.dto';
import { MyCasesService } from './my-cases.service';

@ApiTags('instances')
@ApiBearerAuth()
@Controller('api/instances')
export class MyCasesController {
  constructor(private readonly myCases: MyCasesService) {}

  @Get()
  @ApiOkResponse({
    type: MyCasesPageDto,
    description: 'The caller’s cases: created, acted on or followed; newest change first',
  })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: MyCasesQueryDto,
  ): Promise<MyCasesPageDto> {
    return this.myCases.page(user, query);
  }
}
