// Mailpit's attachment thumbnail: a 180x120 JPEG on white. An image at least
// that big is cropped to fill it from the centre; a smaller one is shrunk to
// fit if need be and centred; anything that is not a readable image gives a
// blank white thumbnail, as Mailpit answers.

import type { Sharp, SharpOptions, Create } from "sharp";

// Loaded on the first thumbnail: libvips is a large native library with its own
// threads, and a process that never draws a thumbnail should not carry it.
type SharpFactory = (input?: Buffer | { create: Create }, options?: SharpOptions) => Sharp;
let sharpModule: Promise<SharpFactory> | null = null;
const loadSharp = (): Promise<SharpFactory> => (sharpModule ??= import("sharp").then((m) => m.default as SharpFactory));

export const THUMB_WIDTH = 180;
export const THUMB_HEIGHT = 120;
const WHITE = { r: 255, g: 255, b: 255, alpha: 1 };
/** A captured image is hostile input: refuse decompression bombs before decoding them. */
const MAX_PIXELS = 50_000_000;

let blank: Promise<Buffer> | null = null;

export function blankThumbnail(): Promise<Buffer> {
  blank ??= loadSharp().then((sharp) => sharp({ create: { width: THUMB_WIDTH, height: THUMB_HEIGHT, channels: 3, background: WHITE } }).jpeg({ quality: 70 }).toBuffer());
  return blank;
}

async function render(image: Buffer): Promise<Buffer> {
  const sharp = await loadSharp();
  const source = sharp(image, { limitInputPixels: MAX_PIXELS, animated: false }).rotate();
  const { width = 0, height = 0 } = await source.metadata();
  if (width === 0 || height === 0) throw new Error("no image size");
  const fills = width >= THUMB_WIDTH && height >= THUMB_HEIGHT;
  const resized = await source
    .resize(THUMB_WIDTH, THUMB_HEIGHT, fills ? { fit: "cover", position: "centre" } : { fit: "inside", withoutEnlargement: true })
    .flatten({ background: WHITE }) // transparent pixels turn white, not black
    .png()
    .toBuffer();
  return sharp({ create: { width: THUMB_WIDTH, height: THUMB_HEIGHT, channels: 3, background: WHITE } })
    .composite([{ input: resized, gravity: "centre" }])
    .jpeg({ quality: 70 })
    .toBuffer();
}

export async function thumbnail(contentType: string, content: Buffer): Promise<Buffer> {
  if (!contentType.toLowerCase().startsWith("image/")) return blankThumbnail();
  try {
    return await render(content);
  } catch {
    return blankThumbnail();
  }
}
