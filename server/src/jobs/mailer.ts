import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends an e-mail; without SMTP_URL it writes the message to the log instead ("LOGGED"). */
export interface Mailer {
  readonly smtp: boolean;
  send(mail: Mail): Promise<'SENT' | 'LOGGED'>;
  close(): void;
}

export function createMailer(config: { smtpUrl: string | null; mailFrom: string }, logger: Logger): Mailer {
  if (!config.smtpUrl) {
    return {
      smtp: false,
      send(mail) {
        logger.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, 'e-mail not sent (no SMTP_URL): logged instead');
        return Promise.resolve('LOGGED');
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    smtp: true,
    async send(mail) {
      await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
      return 'SENT';
    },
    close() {
      transport.close();
    },
  };
}
