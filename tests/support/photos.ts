// Photos as people upload them, made by the tests: a phone camera's JPEG with its make, model and
// GPS position in the EXIF, and a PHP script renamed .jpg.
import sharp from 'sharp';

export const CAMERA_MAKE = 'VonPhoneCamera';

/** A 1600×1200 JPEG (a gradient, not a flat colour) carrying the camera and a GPS position. */
export async function aPhoneJpegWithGps(): Promise<Buffer> {
  const width = 1600;
  const height = 1200;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      pixels[at] = (x * 255) / width;
      pixels[at + 1] = (y * 255) / height;
      pixels[at + 2] = 96;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: CAMERA_MAKE, Model: 'Model 12' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '40/1 44/1 5475/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '73/1 59/1 1080/100',
      },
    })
    .toBuffer();
}

/**
 * Whether a picture's EXIF carries a GPS position: the GPS IFD pointer (tag 0x8825) in either
 * byte order, and the camera's make next to it.
 */
export async function hasGpsTag(bytes: Buffer): Promise<boolean> {
  const { exif } = await sharp(bytes).metadata();
  if (!exif) return false;
  const pointer = exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
  return pointer && exif.includes(Buffer.from(CAMERA_MAKE));
}

export const PHP_NAMED_JPG = Buffer.from("<?php system($_GET['c']); ?>\n");
