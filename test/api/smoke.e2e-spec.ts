import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';

describe('API smoke', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('reports PostgreSQL and Redis healthy', async () => {
    const res = await request(api.http).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });

  it('serves the OpenAPI document and UI', async () => {
    const json = await request(api.http).get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/requests', '/api/teams', '/api/meetings', '/api/clients/{clientId}/consents']));
    const ui = await request(api.http).get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('creates and reads a person', async () => {
    const created = await request(api.http)
      .post('/api/persons')
      .send({ name: 'Terhi Terveydenhoitaja', email: 'terhi@example.fi', profession: 'public_health_nurse', organisation: 'Hyvinvointialue' })
      .expect(201);
    const got = await request(api.http).get(`/api/persons/${created.body.id}`).expect(200);
    expect(got.body).toMatchObject({ name: 'Terhi Terveydenhoitaja', locale: 'fi', active: true });
  });
});
