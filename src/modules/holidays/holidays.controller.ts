import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import {
  CreateHolidayDto,
  HolidayDto,
  HolidayYearQueryDto,
  UpdateHolidayDto,
} from './dto/holiday.dto';
import { HolidaysService } from './holidays.service';

/** The days off of a year, for every signed-in user (deadlines skip them). */
@ApiTags('holidays')
@ApiBearerAuth()
@Controller('api/holidays')
export class HolidaysController {
  constructor(private readonly holidays: HolidaysService) {}

  @Get()
  @ApiOkResponse({ type: [HolidayDto], description: 'Holidays and compensatory days off, by date' })
  list(@Query() query: HolidayYearQueryDto): Promise<HolidayDto[]> {
    return this.holidays.daysOff(query.year);
  }
}

/** Admins keep the calendar: holidays, compensatory days off, make-up working days. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/holidays')
@Roles('admin')
export class AdminHolidaysController {
  constructor(private readonly holidays: HolidaysService) {}

  @Get()
  @ApiOkResponse({ type: [HolidayDto], description: 'Every entry of the year, make-up days too' })
  list(@Query() query: HolidayYearQueryDto): Promise<HolidayDto[]> {
    return this.holidays.entries(query.year);
  }

  @Post()
  @ApiCreatedResponse({ type: HolidayDto })
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() body: CreateHolidayDto,
  ): Promise<HolidayDto> {
    return this.holidays.create(actor, {
      date: body.date,
      name: body.name,
      kind: body.kind ?? 'holiday',
    });
  }

  @Put(':date')
  @ApiOkResponse({ type: HolidayDto })
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('date') date: string,
    @Body() body: UpdateHolidayDto,
  ): Promise<HolidayDto> {
    return this.holidays.update(actor, date, { name: body.name, kind: body.kind ?? 'holiday' });
  }

  @Delete(':date')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentUser() actor: AuthenticatedUser, @Param('date') date: string): Promise<void> {
    return this.holidays.remove(actor, date);
  }
}
