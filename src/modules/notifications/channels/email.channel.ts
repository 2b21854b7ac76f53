import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfigService } from '../../../config/app-config.service';
import { type NotificationChannel, type OutgoingNotification } from './notification-channel';

/** Email through the SMTP server named by `SMTP_URL`; off when it is unset (the default). */
@Injectable()
export class EmailChannel implements NotificationChannel, OnModuleDestroy {
  readonly name = 'email';
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(config: AppConfigService) {
    const url = config.get('SMTP_URL');
    this.transport = url ? createTransport(url) : null;
    this.from = config.get('SMTP_FROM');
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async send(notification: OutgoingNotification): Promise<void> {
    const to = notification.recipient.email;
    if (!this.transport || !to) return;
    await this.transport.sendMail({
      from: this.from,
      to,
      subject: notification.title,
      text: [
        `Kính gửi ${notification.recipient.fullName},`,
        '',
        notification.title,
        ...(notification.body ? [notification.body] : []),
      ].join('\n'),
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
