import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type Transporter } from 'nodemailer';
import { AppConfigService } from '../../../config/app-config.service';
import { type NotificationChannel, type OutgoingNotification } from './notification-channel';

/** Email through the SMTP server named by `SMTP_URL`; off when it is unset (the default). */
@Injectable()
export class EmailChannel implements NotificationChannel, OnModuleDestroy {
  readonly name = 'email';
  private readonly url: string | undefined;
  /** Made at the first mail: nodemailer (~12 MB) stays out of processes that never send one. */
  private transport?: Promise<Transporter>;
  private readonly from: string;

  constructor(config: AppConfigService) {
    this.url = config.get('SMTP_URL') || undefined;
    this.from = config.get('SMTP_FROM');
  }

  get enabled(): boolean {
    return this.url !== undefined;
  }

  async send(notification: OutgoingNotification): Promise<void> {
    const to = notification.recipient.email;
    const url = this.url;
    if (!url || !to) return;
    this.transport ??= import('nodemailer').then(
      ({ createTransport }) => createTransport(url),
      (error: unknown) => {
        // Not kept: the next notification tries to load the library again.
        this.transport = undefined;
        throw error;
      },
    );
    await (
      await this.transport
    ).sendMail({
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

  async onModuleDestroy(): Promise<void> {
    // A transport that never loaded has nothing to close.
    (await this.transport?.catch(() => undefined))?.close();
  }
}
