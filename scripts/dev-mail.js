#!/usr/bin/env node
// A local mailbox for `npm start`: an SMTP server on 127.0.0.1:2525 (SMTP_URL's default outside
// production) that keeps every message as an .eml file in .cache/mail/ and prints who got what.
// Open a file in any mail client to read the invitation, its .ics and the join link.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { SMTPServer } = require('smtp-server');

const dir = path.resolve(__dirname, '..', '.cache', 'mail');
fs.mkdirSync(dir, { recursive: true });
const port = Number(new URL(process.env.SMTP_URL || 'smtp://127.0.0.1:2525').port || 2525);
let n = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, done) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      const subject = /^Subject: (.*)$/im.exec(raw.toString('utf8'))?.[1] ?? '';
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++n}.eml`);
      fs.writeFileSync(file, raw);
      console.log(`mail: to ${to} — ${subject} (${path.relative(process.cwd(), file)})`);
      done();
    });
  },
});
server.on('error', (e) => console.error(`dev-mail: ${e.message}`));
server.listen(port, '127.0.0.1', () => console.log(`dev-mail: SMTP on 127.0.0.1:${port}, messages in ${path.relative(process.cwd(), dir)}/`));
