import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type StringValue } from 'ms';
import { type DataSource } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { JwtAuthGuard } from '../../common/auth/jwt-auth.guard';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { loadSigningKey } from './signing-key';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      global: true,
      inject: [AppConfigService, getDataSourceToken()],
      useFactory: async (config: AppConfigService, dataSource: DataSource) => ({
        secret: await loadSigningKey(config.get('JWT_SECRET'), dataSource),
        signOptions: {
          algorithm: 'HS256',
          expiresIn: config.get('JWT_EXPIRES_IN') as StringValue,
        },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => [
        { ttl: config.get('LOGIN_RATE_WINDOW_MS'), limit: config.get('LOGIN_RATE_LIMIT') },
      ],
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: JwtAuthGuard }],
})
export class AuthModule {}
