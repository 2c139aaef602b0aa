// A reporter's photo loses what it says about them (place, camera, author, time, comments,
// trailers) and keeps its picture: the same pixels, size, colour profile and orientation.
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { CachetError, stripPhotoMetadata } from '../../src/core/index.js';

const EXIF = {
  IFD0: { Make: 'PhoneCo', Model: 'Snap 9', Artist: 'Jane Reporter' },
  IFD2: { DateTimeOriginal: '2026:11:29 18:04:11' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2412/100' },
};
const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Reporter</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';
/** What must not survive, as the bytes spell it. */
const TELLTALES = ['PhoneCo', 'Snap 9', 'Jane Reporter', '2026:11:29', 'Exif', 'xmpmeta', 'GPS'];

const ORIENTATION = 0x0112;
const GPS_IFD = 0x8825;
/** The tags an EXIF block (starting "Exif\0\0") records in its IFD0. */
function ifd0Tags(exif: Buffer): number[] {
  const tiff = exif.subarray(6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (i: number) => (little ? tiff.readUInt16LE(i) : tiff.readUInt16BE(i));
  const ifd = little ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  return Array.from({ length: u16(ifd) }, (_, n) => u16(ifd + 2 + n * 12));
}

const picture = () =>
  sharp({
    create: {
      width: 96,
      height: 64,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png()
    .toBuffer();

const FORMATS = [
  ['jpeg', 'image/jpeg', (s: Sharp) => s.jpeg()],
  ['progressive jpeg', 'image/jpeg', (s: Sharp) => s.jpeg({ progressive: true })],
  ['png', 'image/png', (s: Sharp) => s.png()],
  ['webp', 'image/webp', (s: Sharp) => s.webp()],
  ['lossless webp', 'image/webp', (s: Sharp) => s.webp({ lossless: true })],
] as const;

describe('stripPhotoMetadata', () => {
  it.each(FORMATS)(
    '%s: the EXIF, GPS and XMP go; pixels and colour profile stay',
    async (_, type, encode) => {
      const sent = await encode(
        sharp(await picture())
          .withExif(EXIF)
          .withXmp(XMP)
          .withIccProfile('p3'),
      ).toBuffer();
      const before = await sharp(sent).metadata();
      expect(before.exif && before.xmp && before.icc).toBeTruthy(); // the test photo has them
      expect(Buffer.from(sent).includes('PhoneCo')).toBe(true);

      const kept = stripPhotoMetadata(sent);
      expect(kept.type).toBe(type);
      const after = await sharp(kept.bytes).metadata();
      expect([after.exif, after.xmp]).toEqual([undefined, undefined]);
      expect(after.icc).toEqual(before.icc);
      expect([after.width, after.height]).toEqual([96, 64]);
      for (const word of TELLTALES)
        expect(Buffer.from(kept.bytes).includes(word), word).toBe(false);
      const pixels = (bytes: Uint8Array) => sharp(bytes).raw().toBuffer();
      expect((await pixels(kept.bytes)).equals(await pixels(sent))).toBe(true);
    },
  );

  it('keeps a JPEG the right way up: its orientation alone is written again', async () => {
    const sent = await sharp(await picture())
      .withExif({ IFD0: { Make: 'PhoneCo' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const kept = stripPhotoMetadata(sent);
    expect((await sharp(kept.bytes).metadata()).orientation).toBe(6);
    expect(Buffer.from(kept.bytes).includes('PhoneCo')).toBe(false);
    // Shown as a viewer shows it: turned a quarter, 64 wide and 96 high, as the original.
    const shown = await sharp(kept.bytes).rotate().metadata();
    const original = await sharp(await sharp(sent).rotate().toBuffer()).metadata();
    expect([shown.autoOrient?.width, shown.autoOrient?.height]).toEqual([
      original.width,
      original.height,
    ]);
  });

  it('keeps the orientation of a phone photo, whose XMP segment follows its EXIF one', async () => {
    const sent = await sharp(await picture())
      .withExif(EXIF)
      .withMetadata({ orientation: 6 })
      .withXmp(XMP)
      .jpeg()
      .toBuffer();
    // As phones write them: the EXIF APP1 (orientation, GPS) first, then the XMP APP1.
    const exifAt = sent.indexOf('Exif\0\0');
    expect(exifAt).toBeGreaterThan(0);
    expect(sent.indexOf('http://ns.adobe.com/xap/1.0/\0')).toBeGreaterThan(exifAt);
    expect(ifd0Tags(sent.subarray(exifAt))).toContain(GPS_IFD);
    const before = await sharp(sent).metadata();
    expect([before.orientation, Boolean(before.xmp)]).toEqual([6, true]);

    const kept = stripPhotoMetadata(sent);
    const after = await sharp(kept.bytes).metadata();
    expect([after.orientation, after.xmp]).toEqual([6, undefined]);
    expect(ifd0Tags(after.exif!)).toEqual([ORIENTATION]); // no GPS, no camera: orientation alone
    for (const word of TELLTALES.filter((w) => w !== 'Exif'))
      expect(Buffer.from(kept.bytes).includes(word), word).toBe(false);
    const pixels = (bytes: Uint8Array) => sharp(bytes).raw().toBuffer();
    expect((await pixels(kept.bytes)).equals(await pixels(sent))).toBe(true);
  });

  it('drops JPEG comments and anything after the image ends', async () => {
    const jpeg = await sharp(await picture())
      .jpeg()
      .toBuffer();
    const comment = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0, 2 + 17]),
      Buffer.from('Jane Reporter 123'),
    ]);
    const trailer = Buffer.from('PK\x03\x04 a hidden archive naming Jane Reporter');
    const sent = Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2), trailer]);
    const kept = stripPhotoMetadata(sent);
    expect(Buffer.from(kept.bytes).includes('Jane Reporter')).toBe(false);
    expect([...kept.bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(
      (await sharp(kept.bytes).raw().toBuffer()).equals(await sharp(jpeg).raw().toBuffer()),
    ).toBe(true);
  });

  it('drops PNG text, time and EXIF chunks', async () => {
    const png = await sharp(await picture())
      .png()
      .toBuffer();
    const chunk = (type: string, data: string) => {
      const body = Buffer.from(data, 'latin1');
      const head = Buffer.alloc(8);
      head.writeUInt32BE(body.length);
      head.write(type, 4, 'latin1');
      return Buffer.concat([head, body, Buffer.alloc(4)]); // the CRC is not what is tested
    };
    const sent = Buffer.concat([
      png.subarray(0, 33), // signature and IHDR
      chunk('tEXt', 'Author\0Jane Reporter'),
      chunk('tIME', '\x07\xea\x0b\x1d\x12\x04\x0b'),
      chunk('iTXt', 'Location\0\0\0\0\0Rue Cambon'),
      png.subarray(33),
    ]);
    const kept = stripPhotoMetadata(sent);
    for (const word of ['tEXt', 'tIME', 'iTXt', 'Jane Reporter', 'Rue Cambon'])
      expect(Buffer.from(kept.bytes).includes(word), word).toBe(false);
    expect(
      (await sharp(kept.bytes).raw().toBuffer()).equals(await sharp(png).raw().toBuffer()),
    ).toBe(true);
  });

  it('refuses what is not a JPEG, PNG or WebP, and a photo cut to pieces', async () => {
    const refusal = (bytes: Uint8Array) => {
      try {
        stripPhotoMetadata(bytes);
      } catch (error) {
        return (error as CachetError).code;
      }
      return 'kept';
    };
    const gif = await sharp(await picture())
      .gif()
      .toBuffer();
    expect(refusal(gif)).toBe('ERR_IMAGE_TYPE');
    expect(refusal(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(
      'ERR_IMAGE_TYPE',
    );
    const png = await sharp(await picture())
      .png()
      .toBuffer();
    expect(refusal(png.subarray(0, 60))).toBe('ERR_IMAGE_UNREADABLE');
    const jpeg = await sharp(await picture())
      .jpeg()
      .toBuffer();
    expect(refusal(jpeg.subarray(0, 120))).toBe('ERR_IMAGE_UNREADABLE'); // headers, no scan
  });
});
