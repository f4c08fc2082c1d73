import { simpleParser, type ParsedMail } from 'mailparser';
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** How the relay answers one DATA: accept (250), refuse with a code (451, 550 …), or drop the connection mid-DATA. */
export type RelayAnswer = { accept: true; delayMs?: number } | { code: number; message: string; delayMs?: number } | { drop: true };

/** A mail the relay accepted (250 after DATA). */
export interface ReceivedMail {
  /** RCPT TO addresses, lower case. */
  to: string[];
  from: string;
  raw: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server in the test process (the `smtp-server` package) standing in for a relay: plain SMTP on
 * 127.0.0.1 without TLS or authentication. By default it accepts every mail; `answerNext` queues other answers for the
 * next DATA commands, `answerAll` sets a rule for every one (e.g. slow acceptance). Every DATA attempt is counted,
 * accepted mails are parsed with `mailparser`.
 */
export class TestRelay {
  readonly received: ReceivedMail[] = [];
  /** DATA commands seen, accepted or not. */
  attempts = 0;
  private readonly queued: RelayAnswer[] = [];
  /** While set, MAIL FROM is refused with this reply (e.g. 530 when the relay wants authentication). */
  private mailFromRefusal: { code: number; message: string } | null = null;
  private rule: (mail: ParsedMail, to: string[]) => RelayAnswer = () => ({ accept: true });
  private readonly sockets = new Set<Socket>();
  private readonly waiters: Array<() => void> = [];
  private server!: SMTPServer;
  port = 0;

  static async start(): Promise<TestRelay> {
    const relay = new TestRelay();
    await relay.listen();
    return relay;
  }

  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The next DATA commands get these answers, in order; afterwards the rule of `answerAll` applies again. */
  answerNext(...answers: RelayAnswer[]): void {
    this.queued.push(...answers);
  }

  /** Every DATA (after the queued answers) is answered by this rule. */
  answerAll(rule: (mail: ParsedMail, to: string[]) => RelayAnswer): void {
    this.rule = rule;
  }

  /** Refuses every MAIL FROM with this reply until called with null (a relay that wants credentials: 530 5.7.0 …). */
  refuseMailFrom(refusal: { code: number; message: string } | null): void {
    this.mailFromRefusal = refusal;
  }

  /** Mails accepted for one address. */
  mailsTo(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  /** Resolves once at least `count` mails were accepted; rejects after `timeoutMs` saying how many came. */
  async waitForMails(count: number, timeoutMs = 30_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the relay accepted ${this.received.length} mails, expected ${count}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async listen(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom: (_address, _session, callback) =>
        callback(
          this.mailFromRefusal === null
            ? null
            : Object.assign(new Error(this.mailFromRefusal.message), { responseCode: this.mailFromRefusal.code }),
        ),
      onData: (stream, session, callback) => void this.receive(stream, session, callback),
    });
    this.server.on('error', () => undefined);
    const net = (this.server as unknown as { server: { on(event: 'connection', listener: (socket: Socket) => void): void } }).server;
    net.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server as unknown as { server: { address(): { port: number } } }).server.address().port;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    this.attempts += 1;
    const raw = Buffer.concat(chunks).toString('utf8');
    const parsed = await simpleParser(raw);
    const to = session.envelope.rcptTo.map((address) => address.address.toLowerCase());
    const answer = this.queued.shift() ?? this.rule(parsed, to);
    if ('drop' in answer) {
      // The connection ends before the reply to DATA: the sender cannot know whether the mail arrived (it did not).
      for (const socket of this.sockets) socket.destroy();
      return;
    }
    if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if ('code' in answer) {
      callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
      return;
    }
    const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
    this.received.push({ to, from, raw, parsed });
    this.waiters.splice(0).forEach((wake) => wake());
    callback(null);
  }
}
