import { createServer, type Server, type Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

/**
 * The least SMTP server that takes mail (no TLS, no auth) on a spare loopback port, so a test can
 * see what the email channel sends without a mail server on the machine.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private readonly server: Server = createServer((socket) => converse(socket, this.received));
  private port = 0;

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    const address = sink.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    sink.port = address.port;
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function converse(socket: Socket, received: ReceivedMail[]): void {
  let buffer = '';
  let mail: ReceivedMail = { from: '', to: [], data: '' };
  let inData = false;
  const reply = (line: string): boolean => socket.write(`${line}\r\n`);
  reply('220 localhost test sink');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line === '.') {
          inData = false;
          received.push(mail);
          mail = { from: '', to: [], data: '' };
          reply('250 queued');
        } else {
          mail.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
        }
        continue;
      }
      reply(answer(line, mail, () => (inData = true)));
      if (line.toUpperCase() === 'QUIT') socket.end();
    }
  });
  socket.on('error', () => undefined);
}

function answer(line: string, mail: ReceivedMail, startData: () => void): string {
  switch (line.slice(0, 4).toUpperCase()) {
    case 'EHLO':
    case 'HELO':
      return '250 localhost';
    case 'MAIL':
      mail.from = line.slice('MAIL FROM:'.length);
      return '250 ok';
    case 'RCPT':
      mail.to.push(line.slice('RCPT TO:'.length));
      return '250 ok';
    case 'DATA':
      startData();
      return '354 go ahead';
    case 'QUIT':
      return '221 bye';
    default:
      return '250 ok';
  }
}
