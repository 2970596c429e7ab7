/**
 * The image cleaner (images.sanitise.ts): metadata is gone after re-encoding (EXIF with a GPS position, a PNG text
 * chunk naming a person), photos are turned upright and shrunk, and decompression bombs are refused from their
 * header, before any pixel is decoded. The bombs are real files made here with node:zlib (a valid PNG whose
 * 36 MB of pixels deflate to a few kilobytes), kept small for speed.
 */
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { IMAGE_LIMITS, sanitiseImage } from './images.sanitise.ts';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A valid greyscale PNG of width × height zero pixels (idat: the deflated rows, or a short stand-in). */
function png(width: number, height: number, idat?: Buffer, extra: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const data = idat ?? deflateSync(Buffer.alloc((width + 1) * height), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...extra,
    chunk('IDAT', data),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function reason(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.status).toBe(400);
    return (e.details as Array<{ path: string; message: string }>)[0]!.message;
  }
  throw new Error('not refused');
}

describe('sanitiseImage', () => {
  it('removes EXIF (GPS, camera, owner) from a JPEG, turns it upright and keeps its pixels', async () => {
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 30, b: 30 } } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({
        IFD0: { Make: 'PhoneMaker', Model: 'X1', Artist: 'Zhang San' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29/1 33/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '106/1 30/1 0/1' },
      })
      .toBuffer();
    const before = await sharp(photo).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);
    expect(photo.includes(Buffer.from('Zhang San'))).toBe(true);

    const clean = await sanitiseImage(photo);
    expect(clean.contentType).toBe('image/jpeg');
    // orientation 6 (rotated 90°): stored upright, so the sides swap
    expect([clean.width, clean.height]).toEqual([200, 300]);
    const after = await sharp(clean.bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    const bytes = Buffer.from(clean.bytes);
    for (const text of ['Zhang San', 'PhoneMaker', 'Exif']) expect(bytes.includes(Buffer.from(text))).toBe(false);
    const { dominant } = await sharp(clean.bytes).stats();
    expect(dominant.r).toBeGreaterThan(150);
    expect(clean.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('drops a PNG text chunk and shrinks a large chart to 2000 px on its long side', async () => {
    const text = chunk('tEXt', Buffer.from('Author\0Li Si 13912345678', 'latin1'));
    const chart = png(3000, 1000, undefined, [text]);
    expect(chart.includes(Buffer.from('Li Si'))).toBe(true);
    const clean = await sanitiseImage(chart);
    expect(clean.contentType).toBe('image/png');
    expect([clean.width, clean.height]).toEqual([2000, 667]);
    expect(Buffer.from(clean.bytes).includes(Buffer.from('Li Si'))).toBe(false);
    expect(Buffer.from(clean.bytes).includes(Buffer.from('tEXt'))).toBe(false);
  });

  it('refuses decompression bombs from the header: a real 36-megapixel PNG of a few KB, and one that declares 10 gigapixels', async () => {
    const bomb = png(6000, 6000);
    expect(bomb.length).toBeLessThan(100_000); // 36 MB of pixels
    expect(await reason(sanitiseImage(bomb))).toMatch(/too many pixels \(6000 × 6000/);
    const liar = png(100_000, 100_000, deflateSync(Buffer.alloc(1000)));
    expect(await reason(sanitiseImage(liar))).toMatch(/too many pixels \(100000 × 100000/);
    // a tall strip within the pixel count but past the side limit
    expect(await reason(sanitiseImage(png(20_000, 10)))).toMatch(/too many pixels/);
    // a lower limit applies the same way
    expect(await reason(sanitiseImage(png(1000, 1000), { maxInputPixels: 500_000 }))).toMatch(/too many pixels/);
    expect(IMAGE_LIMITS.maxInputPixels).toBe(24_000_000);
  });

  it('refuses what is not a PNG, JPEG or WebP image, a damaged one, an oversize file and an empty one', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(await reason(sanitiseImage(svg))).toMatch(/Only PNG, JPEG or WebP/);
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    expect(await reason(sanitiseImage(gif))).toMatch(/Only PNG, JPEG or WebP/);
    const truncated = png(200, 200).subarray(0, 60);
    expect(await reason(sanitiseImage(truncated))).toMatch(/cannot be read/);
    expect(await reason(sanitiseImage(new Uint8Array(0)))).toMatch(/empty/);
    expect(await reason(sanitiseImage(png(10, 10), { maxBytes: 20 }))).toMatch(/larger than/);
  });

  it('re-encodes a WebP as WebP', async () => {
    const webp = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#2266aa' } })
      .webp()
      .withExif({ IFD0: { Artist: 'Wang Wu' } })
      .toBuffer();
    const clean = await sanitiseImage(webp);
    expect([clean.contentType, clean.width, clean.height]).toEqual(['image/webp', 64, 32]);
    expect((await sharp(clean.bytes).metadata()).exif).toBeUndefined();
  });
});
