/**
 * Cleans an uploaded bulletin image before anything keeps it (docs/disclosure.md, "Images"): a photo straight from
 * a phone carries EXIF (the GPS position where it was taken, the camera, the owner's name), a PNG can carry text
 * chunks, a JPEG comments; none of it may reach the portal. So the image is decoded and encoded again from its
 * pixels with sharp (libvips), which writes no metadata unless asked: what is stored is pixels only, in sRGB, turned
 * upright by its EXIF orientation first.
 *
 * Decompression bombs (issue 11 found one killing the server): a few kilobytes of PNG can declare 50,000 × 50,000
 * pixels, 10 GB once decoded. The defences, in order, before a single pixel is decoded:
 *  1. the file's size (IMAGE_LIMITS.maxBytes);
 *  2. the type by its leading bytes: PNG, JPEG or WebP only (no SVG: it is a document with scripts; no GIF or
 *     TIFF: animation and multi-page bombs);
 *  3. the dimensions read from the header (sharp's `metadata()` decodes nothing): at most maxInputPixels pixels
 *     and maxInputEdge on either side, one frame only;
 *  4. while decoding, libvips' own `limitInputPixels` (the same figure: a header that lies is still stopped) and a
 *     timeout; one image at a time in the whole process (a queue), so memory stays bounded at about
 *     maxInputPixels × 4 bytes whatever arrives at once;
 *  5. the output is at most maxOutputEdge on its long side (a poster need not be larger on a phone).
 */
import { createHash } from 'node:crypto';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { validationFailed } from '../../platform/errors.ts';
import type { BulletinImageType } from './bulletins.tables.ts';

export const IMAGE_LIMITS = {
  /** the uploaded file */
  maxBytes: 8 * 1024 * 1024,
  /** pixels declared by the header (24 megapixels: a modern phone's photo; ≈ 96 MB decoded as RGBA) */
  maxInputPixels: 24_000_000,
  /** either side of the input */
  maxInputEdge: 12_000,
  /** the long side of what is stored and served */
  maxOutputEdge: 2000,
  /** seconds libvips may spend on one image */
  timeoutSeconds: 20,
};
export type ImageLimits = typeof IMAGE_LIMITS;

// libvips' own cache keeps decoded images for reuse: nothing here is reused, and memory must stay bounded.
sharp.cache(false);
sharp.concurrency(1);

const FORMATS: Record<string, { contentType: BulletinImageType; magic: (b: Uint8Array) => boolean }> = {
  png: { contentType: 'image/png', magic: (b) => startsWith(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpeg: { contentType: 'image/jpeg', magic: (b) => startsWith(b, 0, [0xff, 0xd8, 0xff]) },
  webp: {
    contentType: 'image/webp',
    magic: (b) => startsWith(b, 0, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, 8, [0x57, 0x45, 0x42, 0x50]),
  },
};

function startsWith(bytes: Uint8Array, at: number, prefix: number[]): boolean {
  return prefix.every((value, i) => bytes[at + i] === value);
}

export interface CleanImage {
  bytes: Uint8Array;
  contentType: BulletinImageType;
  width: number;
  height: number;
  sha256: string;
}

const refuse = (message: string) => validationFailed([{ path: 'file', message }]);

// one image at a time: the queue's tail
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * The image decoded and encoded again (no metadata), or a 400 naming `file` with the reason: empty, too large,
 * not a PNG/JPEG/WebP, too many pixels, animated, damaged.
 */
export async function sanitiseImage(input: Uint8Array, options: Partial<ImageLimits> = {}): Promise<CleanImage> {
  const limits = { ...IMAGE_LIMITS, ...options } satisfies ImageLimits;
  if (input.length === 0) throw refuse('The file is empty');
  if (input.length > limits.maxBytes) throw refuse(`The image is larger than ${Math.floor(limits.maxBytes / 1024 / 1024)} MB`);
  const format = Object.entries(FORMATS).find(([, f]) => f.magic(input));
  if (!format) throw refuse('Only PNG, JPEG or WebP images are accepted');
  const [name, { contentType }] = format;
  const open = () =>
    sharp(input, { limitInputPixels: limits.maxInputPixels, failOn: 'error', animated: false }).timeout({ seconds: limits.timeoutSeconds });

  // 3. the header only (metadata() decodes no pixel; the limit is checked here to say what was wrong)
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false, animated: false }).metadata();
  } catch {
    throw refuse('The image cannot be read: the file is damaged or not an image');
  }
  if (meta.format !== name) throw refuse('The image cannot be read: its content does not match its type');
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1) throw refuse('The image cannot be read: it has no size');
  if (width > limits.maxInputEdge || height > limits.maxInputEdge || width * height > limits.maxInputPixels)
    throw refuse(
      `The image has too many pixels (${width} × ${height}; at most ${(limits.maxInputPixels / 1e6).toFixed(0)} megapixels and ${limits.maxInputEdge} on a side)`,
    );
  if ((meta.pages ?? 1) > 1) throw refuse('Animated or multi-page images are not accepted');

  // 4–5. decode and encode again, one at a time
  return oneAtATime(async () => {
    let pipeline = open()
      .autoOrient() // upright by the EXIF orientation, which is about to be dropped
      .resize({ width: limits.maxOutputEdge, height: limits.maxOutputEdge, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb');
    pipeline =
      contentType === 'image/png'
        ? pipeline.png({ compressionLevel: 9 })
        : contentType === 'image/jpeg'
          ? pipeline.jpeg({ quality: 85 })
          : pipeline.webp({ quality: 85 });
    let out: { data: Buffer; info: OutputInfo };
    try {
      out = await pipeline.toBuffer({ resolveWithObject: true });
    } catch {
      throw refuse('The image cannot be read: the file is damaged or not an image');
    }
    const bytes = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
    return {
      bytes,
      contentType,
      width: out.info.width,
      height: out.info.height,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  });
}
