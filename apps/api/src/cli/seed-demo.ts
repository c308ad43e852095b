import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { InvitationsService } from '../auth/invitations.service';
import { AppModule } from '../app.module';
import { Clock } from '../common/clock';
import { ConfigError, loadConfig } from '../config/config';
import { asSystem } from '../database/actor-context';
import { PreflightError, preflight } from '../config/preflight';
import { databaseIsEmpty, seedDemo } from '../seed/demo-seed';

/** `npm run seed:demo [-- --if-empty]`: loads the demo county (refuses a non-empty database unless --force). */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, RUN_WORKERS: 'false' });
  await preflight(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    if (!(await databaseIsEmpty(app))) {
      if (process.argv.includes('--if-empty')) {
        console.log('seed:demo: the database already has data; leaving it as it is');
        return;
      }
      if (!process.argv.includes('--force')) {
        throw new Error('the database already has data; run with --force to add the demo county anyway');
      }
    }
    const s = await seedDemo(app, app.get(Clock).now());
    console.log(`seed:demo: loaded ${s.persons} people, ${s.teams} teams, ${s.requests} requests, ${s.meetings} meetings`);
    await printTryLinks(app, config.publicUrl, app.get(Clock).now());
  } finally {
    await app.close();
  }
}

/** Links a newcomer can open at once: the next network meeting still ahead, as its organiser and as the invited teacher. */
async function printTryLinks(app: INestApplicationContext, publicUrl: string, now: Date): Promise<void> {
  const db = app.get(DataSource);
  const [m]: Array<{ id: string; teacher: string; organiser: string; email: string }> = await db.query(
    `SELECT m.id, t.id AS teacher, p.id AS organiser, p.email FROM meeting m
       JOIN meeting_participant t ON t.meeting_id = m.id AND t.kind = 'external' AND t.organisation_type = 'school'
       JOIN consultation_request r ON r.id = m.request_id
       JOIN person p ON p.id = r.requester_id
      WHERE m.kind = 'network_meeting' AND m.status = 'scheduled' AND m.ends_at > $1 ORDER BY m.starts_at LIMIT 1`,
    [now],
  );
  if (!m) return;
  const invitation = await app.get(InvitationsService).create(m.id, m.teacher, m.organiser);
  console.log(`seed:demo: try the video — as the organiser (sign in as ${m.email}): ${publicUrl}/join?meeting=${m.id}`);
  console.log(`seed:demo:                 as the invited teacher: ${invitation.link}`);
}

// the seed command is the service's own work: the system actor
asSystem(main).catch((e: unknown) => {
  const msg = e instanceof ConfigError ? `configuration error: ${e.message}` : e instanceof PreflightError ? e.message : e instanceof Error ? e.message : String(e);
  console.error(`kohtaamo seed:demo: ${msg}`);
  process.exit(1);
});
