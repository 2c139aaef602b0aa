// The admin API for the card as issued: record its reference photo (the card's own code in the
// frame), read the photo and its history back, and compare a later photo with it. The rules are
// the reference service's; each call is audited like every admin call.
import type { Context } from 'hono';
import { CachetError, parseSerial, serialToHex } from '../../core/index.js';
import {
  compareWithReference,
  readReferencePhoto,
  readReferences,
  recordReference,
  REFERENCE_TYPES,
  type ReferencePorts,
} from '../../services/references.js';
import { greyPngDataUrl } from '../../services/grey-png.js';
import { MAX_IMAGE_BYTES } from '../../core/index.js';
import type { AdminDeps } from '../deps.js';
import { mediaTypeOf, readBytes } from '../read-body.js';
import { json, NO_STORE, page } from '../respond.js';
import { route } from './define.js';
import { comparisonPage } from './evidence.js';

/** The photo a request carries as its body (JPEG, PNG or WebP), read within the image limit. */
async function photoBody(c: Context): Promise<{ bytes: Uint8Array; type: string }> {
  const type = mediaTypeOf(c);
  if (!type.startsWith('image/') && type !== 'application/octet-stream') {
    throw new CachetError(
      'ERR_IMAGE_TYPE',
      `send the photo itself as the body, as ${REFERENCE_TYPES.join(', ')}`,
    );
  }
  const bytes = await readBytes(c, { maxBytes: MAX_IMAGE_BYTES, tooLarge: 'ERR_IMAGE_TOO_LARGE' });
  if (bytes.byteLength === 0) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'the request has no body: send the photo');
  }
  return { bytes, type };
}

const short = (hash: string) => hash.slice(0, 16);

export function referenceRoutes(deps: AdminDeps) {
  const ports: ReferencePorts = {
    store: deps.store,
    admin: deps.admin,
    cardMatcher: deps.cardMatcher,
    now: deps.now,
    replaceDays: deps.referenceReplaceDays,
    maxPixels: deps.maxImagePixels,
  };
  const serialOf = (c: Context) => serialToHex(parseSerial(c.req.param('serial')!));

  const record = route({
    method: 'put',
    path: '/cards/:serial/reference',
    summary:
      "Record the card's reference photo (the written card with its code in the frame), or replace it within the days after minting the setting allows. Its metadata is stripped and its hashes go into the public log.",
    permission: null,
    action: 'card.reference.record',
    accepts: [...REFERENCE_TYPES],
    response: {
      status: 201,
      description:
        '{ serial, current: { photoSha256, fingerprintSha256, … }, replaced, replaceUntil, history }',
    },
    async handle(call) {
      const serial = serialOf(call.c);
      call.target = serial;
      const { bytes, type } = await photoBody(call.c);
      const recorded = await recordReference(ports, call.who, serial, bytes, type);
      call.detail = `photo ${short(recorded.current.photoSha256)}${recorded.replaced ? `, replaced ${short(recorded.replaced.photoSha256)}` : ''}`;
      return json(recorded, 201, NO_STORE);
    },
  });

  const history = route({
    method: 'get',
    path: '/cards/:serial/references',
    summary:
      "The card's reference photo as recorded: its hashes, who recorded it and when, until when it may be replaced, its place in the log, and the ones it replaced.",
    permission: null,
    action: 'card.reference.read',
    response: { status: 200, description: '{ serial, current, replaceUntil, history }' },
    async handle(call) {
      return readReferences(ports, call.who, serialOf(call.c));
    },
  });

  const photo = route({
    method: 'get',
    path: '/cards/:serial/reference',
    summary:
      "The card's reference photo as kept (metadata stripped); ?id= one it replaced. Legal and the managers of the card's boutique only.",
    permission: null,
    action: 'card.reference.photo',
    query: { type: 'object', properties: { id: { type: 'integer' } } },
    response: { status: 200, description: 'the photo' },
    alsoProduces: [...REFERENCE_TYPES],
    async handle(call) {
      const { reference, bytes } = await readReferencePhoto(
        ports,
        call.who,
        serialOf(call.c),
        call.query.id,
      );
      call.detail = `photo ${short(reference.photoSha256)}`;
      return new Response(bytes, {
        headers: {
          'content-type': reference.type,
          'content-disposition': `inline; filename="cachet-reference-${reference.photoSha256.slice(0, 12)}.${reference.type.slice('image/'.length)}"`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
          // Opened on its own, it is an image and nothing else.
          'content-security-policy': "default-src 'none'; sandbox",
        },
      });
    },
  });

  const compare = route({
    method: 'post',
    path: '/cards/:serial/compare',
    summary:
      "Compare a photo showing the card's code with its reference: { match: { result: same-card | different-card | cannot-tell, score, compared } }. views=1 adds the reference, the rectified photo and their difference as PNG; format=html answers the printable comparison.",
    permission: null,
    action: 'card.reference.compare',
    accepts: [...REFERENCE_TYPES],
    query: {
      type: 'object',
      properties: {
        views: { type: 'string', enum: ['0', '1'] },
        format: { type: 'string', enum: ['json', 'html'] },
      },
    },
    response: { status: 200, description: '{ serial, reference, match, views? }' },
    alsoProduces: ['text/html'],
    async handle(call) {
      const serial = serialOf(call.c);
      const { bytes, type } = await photoBody(call.c);
      const html = call.query.format === 'html';
      const compared = await compareWithReference(ports, call.who, serial, bytes, {
        views: html || call.query.views === '1',
        declaredType: type,
      });
      call.detail = `${compared.match.result} ${compared.match.score.toFixed(3)}`;
      const { views, ...answer } = compared;
      const pictures = views && {
        reference: await greyPngDataUrl(views.reference),
        photo: await greyPngDataUrl(views.photo),
        difference: await greyPngDataUrl(views.difference),
      };
      if (html) {
        return page(
          comparisonPage(answer, pictures ?? null, deps.now().toISOString(), call.who),
          200,
          NO_STORE,
        );
      }
      return { ...answer, ...(pictures && { views: pictures }) };
    },
  });

  return [record, history, photo, compare];
}
