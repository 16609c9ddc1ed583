// Dish photos as the menu serves them: the real type read from the bytes (never the file name),
// turned upright, cropped to 4:3, metadata (camera, GPS) left behind, and written as WebP in two
// widths named by their content hash. sharp (libvips, a prebuilt binary from the npm registry)
// does the pixel work off the event loop, in its own threads.
import { createHash } from 'node:crypto';
import type sharpFunction from 'sharp';
import { PHOTO_ASPECT, PHOTO_WIDTHS, photoFileName, type DishPhoto } from '../domain/menu.js';
import { RefusedError } from '../domain/errors.js';

/** A photo from a phone camera: 12–48 megapixels; anything larger is refused, not decoded. */
const MAX_INPUT_PIXELS = 100_000_000;

export type PhotoType = 'jpeg' | 'png' | 'webp' | 'heic';

/** The picture type the bytes start with, or `null` for anything else (a script named .jpg). */
export function sniffPhotoType(bytes: Buffer): PhotoType | null {
  if (bytes.length < 12) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (bytes.toString('latin1', 4, 8) === 'ftyp') {
    const brand = bytes.toString('latin1', 8, 12);
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'heic';
  }
  return null;
}

export interface PhotoFile {
  name: string;
  contentType: 'image/webp';
  bytes: Buffer;
}

export interface ProcessedPhoto {
  photo: DishPhoto;
  files: PhotoFile[];
}

const refused = (message: string) => new RefusedError('unsupported_photo', message);

type Sharp = typeof sharpFunction;
let loaded: Promise<Sharp> | undefined;
/** Loaded on the first photo, not at start-up: most instances never process one. */
function sharpModule(): Promise<Sharp> {
  loaded ??= import('sharp').then((module) => {
    const sharp = module.default;
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}

/**
 * Decodes a HEIC photo (iPhones' default) to raw pixels: libvips as shipped reads AVIF only. Its
 * size is checked before any pixel is decoded.
 */
async function heicToRaw(bytes: Buffer) {
  const { default: decode } = await import('heic-decode');
  const images = await decode.all({ buffer: bytes });
  try {
    const [first] = images;
    if (!first) throw refused('That HEIC file holds no picture.');
    if (first.width * first.height > MAX_INPUT_PIXELS)
      throw refused('That photo is too large: 100 megapixels at most.');
    const image = await first.decode();
    return { data: Buffer.from(image.data), width: image.width, height: image.height };
  } finally {
    images.dispose();
  }
}

/** Both renditions of a photo someone uploaded; a RefusedError (415) when it is no photo we read. */
export async function processPhoto(bytes: Buffer): Promise<ProcessedPhoto> {
  const type = sniffPhotoType(bytes);
  if (type === null) throw refused('That file is not a JPEG, PNG, WebP or HEIC photo.');
  const sharp = await sharpModule();
  let input: ReturnType<Sharp>;
  try {
    if (type === 'heic') {
      const raw = await heicToRaw(bytes);
      input = sharp(raw.data, {
        raw: { width: raw.width, height: raw.height, channels: 4 },
        limitInputPixels: MAX_INPUT_PIXELS,
      });
    } else {
      input = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
    }
    const renditions = await Promise.all(
      PHOTO_WIDTHS.map((width) =>
        input
          .clone()
          .resize({ width, height: Math.round(width * PHOTO_ASPECT), fit: 'cover', position: 'attention' })
          .webp({ quality: 78, effort: 4 })
          .toBuffer(),
      ),
    );
    return named(renditions);
  } catch (error) {
    if (error instanceof RefusedError) throw error;
    throw refused('That photo could not be read: it may be damaged. Try another one.');
  }
}

/** Names renditions (small first) by the hash of the large one. */
function named(renditions: readonly Buffer[]): ProcessedPhoto {
  const large = renditions.at(-1) ?? Buffer.alloc(0);
  const key = createHash('sha256').update(large).digest('hex').slice(0, 32);
  const width = PHOTO_WIDTHS.at(-1) ?? 0;
  return {
    photo: { key, width, height: Math.round(width * PHOTO_ASPECT) },
    files: renditions.map((bytes, index) => ({
      name: photoFileName(key, PHOTO_WIDTHS[index] ?? 0),
      contentType: 'image/webp',
      bytes,
    })),
  };
}

/**
 * Renditions from a menu file (an export), stored as they are once checked to be what this app
 * writes — WebP of the expected size, without metadata, decoding whole — so that the imported
 * menu shows the very same photos under the same names.
 */
export async function photoFromRenditions(renditions: readonly Buffer[]): Promise<ProcessedPhoto> {
  const sharp = await sharpModule();
  for (const [index, bytes] of renditions.entries()) {
    const width = PHOTO_WIDTHS[index] ?? 0;
    const ours = await sharp(bytes, { failOn: 'error', limitInputPixels: width * width })
      .metadata()
      .then(async (meta) => {
        const sized =
          meta.format === 'webp' && meta.width === width && meta.height === Math.round(width * PHOTO_ASPECT);
        const bare = !meta.exif && !meta.xmp && !meta.iptc && !meta.icc;
        // Decoding every pixel finds a file cut short.
        if (sized && bare) await sharp(bytes, { failOn: 'error' }).raw().toBuffer();
        return sized && bare;
      })
      .catch(() => false);
    if (!ours) throw refused('A photo in the menu file is not one of the WebP renditions this app writes.');
  }
  return named(renditions);
}
