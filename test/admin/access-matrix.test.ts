// Who may do what, walked in full: every role against every admin route, on a resource of its
// own boutique and of another, each answer asserted. The table below is written out by hand
// from the roles as docs/staff.md states them, not derived from the policy code it checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { formatReportRef, newReportId } from '../../src/core/index.js';
import { createStaff } from '../../src/services/staff.js';
import { operator } from '../../src/services/access.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Who = 'associate' | 'manager' | 'legal' | 'admin';
const WHO: Who[] = ['associate', 'manager', 'legal', 'admin'];

/** For each route: the status each role gets on its own boutique's resource / another's. */
const MATRIX: Record<string, Record<Who, [number, number]>> = {
  'GET /me': { associate: [200, 200], manager: [200, 200], legal: [200, 200], admin: [200, 200] },
  'GET /cards?boutique': {
    associate: [403, 403],
    manager: [200, 403],
    legal: [200, 200],
    admin: [403, 403],
  },
  'GET /cards/:serial': {
    associate: [403, 403],
    manager: [200, 403],
    legal: [200, 200],
    admin: [403, 403],
  },
  'POST /cards': {
    associate: [201, 403],
    manager: [201, 403],
    legal: [403, 403],
    admin: [403, 403],
  },
  'GET /cards/:serial/print': {
    associate: [200, 403],
    manager: [200, 403],
    legal: [403, 403],
    admin: [403, 403],
  },
  'POST /cards/:serial/revoke': {
    associate: [403, 403],
    manager: [200, 403],
    legal: [200, 200],
    admin: [403, 403],
  },
  'GET /cards/:serial/evidence': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [200, 200],
    admin: [403, 403],
  },
  'GET /flagged': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [200, 200],
    admin: [403, 403],
  },
  // Reports from the public are legal's alone, whatever the boutique.
  'GET /reports': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [200, 200],
    admin: [403, 403],
  },
  'GET /reports/:id': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [200, 200],
    admin: [403, 403],
  },
  'GET /reports/:id/photo': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [200, 200],
    admin: [403, 403],
  },
  'POST /reports/:id/link': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [200, 200],
    admin: [403, 403],
  },
  'POST /reports/:id/close': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [200, 200],
    admin: [403, 403],
  },
  'GET /associates?boutique': {
    associate: [403, 403],
    manager: [200, 403],
    legal: [403, 403],
    admin: [200, 200],
  },
  'POST /associates': {
    associate: [403, 403],
    manager: [201, 403],
    legal: [403, 403],
    admin: [201, 201],
  },
  'GET /boutiques': {
    associate: [200, 200],
    manager: [200, 200],
    legal: [200, 200],
    admin: [200, 200],
  },
  'POST /boutiques': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [403, 403],
    admin: [201, 201],
  },
  'GET /staff': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [403, 403],
    admin: [200, 200],
  },
  'POST /staff': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [403, 403],
    admin: [201, 201],
  },
  'GET /keys': { associate: [403, 403], manager: [403, 403], legal: [403, 403], admin: [200, 200] },
  'GET /audit': {
    associate: [403, 403],
    manager: [403, 403],
    legal: [200, 200],
    admin: [200, 200],
  },
};

const PNG = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } })
  .png()
  .toBuffer();

const BOUTIQUES = {
  own: { code: 'PAR-SH', associate: 101 },
  other: { code: 'TYO-GZ', associate: 201 },
};

describe('the admin API, role × route × boutique', () => {
  let server: TestServer;
  const keys = {} as Record<Who, string>;
  let next = 5000;

  beforeAll(async () => {
    // The walk calls each route once with no key: past the default of 20 refused sign-ins.
    server = await startTestServer(undefined, { CACHET_RATE_LIMITS: 'signin=100' });
    const deps = { store: server.store, admin: server.store.admin() };
    for (const role of WHO) {
      const bound = role === 'associate' || role === 'manager';
      const { apiKey } = await createStaff(
        deps,
        operator('test-setup'),
        { name: `A ${role}`, role, boutique: bound ? 'PAR-SH' : undefined },
        new Date(),
      );
      keys[role] = apiKey;
    }
  });
  afterAll(() => server.close());

  const call = (key: string | null, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1/admin${path}`, {
      method,
      headers: {
        ...(key && { authorization: `Bearer ${key}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  /** A fresh open report with a photo, as the public form would leave it. */
  async function report(): Promise<string> {
    const id = newReportId();
    await server.store.addReport({
      id,
      createdAt: new Date().toISOString(),
      lang: 'en',
      code: null,
      verdict: null,
      serial: null,
      place: 'other',
      where: 'Lyon',
      seenOn: null,
      details: '',
      contact: null,
      photo: { type: 'image/png', bytes: PNG },
      cardSerial: null,
    });
    return formatReportRef(id);
  }

  /** The request for one matrix row on a boutique; fresh resources where the call uses one up. */
  async function request(route: string, key: string | null, b: (typeof BOUTIQUES)['own']) {
    const card = () =>
      server.mint({ boutique: b.code, associate: b.associate, clientRef: 'CRM-1' });
    switch (route) {
      case 'GET /me':
        return call(key, 'GET', '/me');
      case 'GET /cards?boutique':
        return call(key, 'GET', `/cards?boutique=${b.code}`);
      case 'GET /cards/:serial':
        return call(key, 'GET', `/cards/${(await card()).serialText}`);
      case 'POST /cards':
        return call(key, 'POST', '/cards', {
          boutique: b.code,
          associate: b.associate,
          occasion: 'birthday',
        });
      case 'GET /cards/:serial/print':
        return call(key, 'GET', `/cards/${(await card()).serialText}/print?format=svg`);
      case 'POST /cards/:serial/revoke':
        return call(key, 'POST', `/cards/${(await card()).serial}/revoke`, {
          reason: 'counterfeit',
          note: 'case 9',
        });
      case 'GET /cards/:serial/evidence':
        return call(key, 'GET', `/cards/${(await card()).serial}/evidence`);
      case 'GET /flagged':
        return call(key, 'GET', '/flagged');
      case 'GET /reports':
        return call(key, 'GET', '/reports');
      case 'GET /reports/:id':
        return call(key, 'GET', `/reports/${await report()}`);
      case 'GET /reports/:id/photo':
        return call(key, 'GET', `/reports/${await report()}/photo`);
      case 'POST /reports/:id/link':
        return call(key, 'POST', `/reports/${await report()}/link`, {
          serial: (await card()).serialText,
        });
      case 'POST /reports/:id/close':
        return call(key, 'POST', `/reports/${await report()}/close`, { outcome: 'no-action' });
      case 'GET /associates?boutique':
        return call(key, 'GET', `/associates?boutique=${b.code}`);
      case 'POST /associates':
        return call(key, 'POST', '/associates', {
          number: next++,
          boutique: b.code,
          displayName: 'New Associate',
        });
      case 'GET /boutiques':
        return call(key, 'GET', '/boutiques');
      case 'POST /boutiques': {
        const n = next++;
        return call(key, 'POST', '/boutiques', {
          number: n,
          code: `NEW-${n}`,
          name: 'New',
          city: 'Lyon',
          country: 'FR',
        });
      }
      case 'GET /staff':
        return call(key, 'GET', '/staff');
      case 'POST /staff':
        return call(key, 'POST', '/staff', { name: 'Someone', role: 'legal' });
      case 'GET /keys':
        return call(key, 'GET', '/keys');
      case 'GET /audit':
        return call(key, 'GET', '/audit');
    }
    throw new Error(`no request for ${route}`);
  }

  it('answers every role on every route as the table says, and 401 without a key', async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const [route, byRole] of Object.entries(MATRIX)) {
      for (const who of WHO) {
        for (const [i, b] of [BOUTIQUES.own, BOUTIQUES.other].entries()) {
          const res = await request(route, keys[who], b);
          seen.push(`${route} ${who} ${b.code} → ${res.status}`);
          expected.push(`${route} ${who} ${b.code} → ${byRole[who][i]}`);
          if (res.status === 403) {
            expect(((await res.json()) as any).error.code).toBe('ERR_FORBIDDEN');
          } else await res.body?.cancel();
        }
      }
      const anonymous = await request(route, null, BOUTIQUES.own);
      seen.push(`${route} nobody → ${anonymous.status}`);
      expected.push(`${route} nobody → 401`);
    }
    expect(seen).toEqual(expected);
  }, 60_000);

  it('shows the client reference to legal only, and writes every action to the audit log', async () => {
    const card = await server.mint({ clientRef: 'CRM-77' });
    const manager = (await (
      await call(keys.manager, 'GET', `/cards/${card.serial}`)
    ).json()) as any;
    expect(manager.card).not.toHaveProperty('clientRef');
    const legal = (await (await call(keys.legal, 'GET', `/cards/${card.serial}`)).json()) as any;
    expect(legal.card.clientRef).toBe('CRM-77');
    const other = await server.mint({ boutique: 'TYO-GZ', associate: 201 });
    expect(
      (await call(keys.manager, 'POST', `/cards/${other.serial}/revoke`, { reason: 'other' }))
        .status,
    ).toBe(403);

    const audit = (await (
      await call(keys.admin, 'GET', `/audit?target=${other.serial}`)
    ).json()) as any;
    expect(audit.entries[0]).toMatchObject({
      action: 'card.revoke',
      role: 'manager',
      outcome: 403,
      detail: 'ERR_FORBIDDEN',
    });
    const reads = (await (
      await call(keys.legal, 'GET', `/audit?target=${card.serial}`)
    ).json()) as any;
    expect(reads.entries.map((e: any) => `${e.role} ${e.action} ${e.outcome}`)).toEqual([
      'legal card.read 200',
      'manager card.read 200',
    ]);
  });

  it('refuses bad input by naming the field, and a disabled key at once', async () => {
    const bad = await call(keys.legal, 'POST', `/cards/${(await server.mint()).serial}/revoke`, {
      reason: 'lost',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toMatch(
      /"reason" must be one of: counterfeit/,
    );
    const unknown = await call(keys.manager, 'POST', '/cards', {
      boutique: 'PAR-SH',
      associate: 101,
      colour: 'red',
    });
    expect(((await unknown.json()) as any).error.message).toContain('field "colour" is not known');
    const big = await call(keys.manager, 'POST', '/cards', {
      boutique: 'PAR-SH',
      associate: 101,
      clientRef: 'x'.repeat(70_000),
    });
    expect(big.status).toBe(413);

    const added = (await (
      await call(keys.admin, 'POST', '/staff', { name: 'Temp', role: 'legal' })
    ).json()) as any;
    expect(added.apiKey).toMatch(/^cachet_sk_[\w-]{43}$/);
    expect((await call(added.apiKey, 'GET', '/flagged')).status).toBe(200);
    expect((await call(keys.admin, 'POST', `/staff/${added.staff.id}/disable`)).status).toBe(200);
    expect((await call(added.apiKey, 'GET', '/flagged')).status).toBe(401);
    const listed = (await (await call(keys.admin, 'GET', '/staff')).json()) as any;
    expect(JSON.stringify(listed)).not.toContain(added.apiKey);
  });
});
