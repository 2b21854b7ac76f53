import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type StringValue } from 'ms';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { loadSigningKey } from './signing-key';
import { LoginAttemptsStorage } from './login-attempts.storage';
import { loginThrottlers } from './login-throttlers';

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
      inject: [AppConfigService, DataSource],
      useFactory: (config: AppConfigService, dataSource: DataSource) => ({
        storage: new LoginAttemptsStorage(dataSource),
        throttlers: loginThrottlers(
          config.get('LOGIN_RATE_WINDOW_MS'),
          config.get('LOGIN_RATE_LIMIT'),
          config.get('LOGIN_RATE_LIMIT_PER_ADDRESS'),
        ),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: JwtAuthGuard }],
})
export class AuthModule {}
