/**
 * The profile photo's canvas work (#17, item 3), a chunk of its own that `<patient-profile>` loads
 * only when she has a photo or chooses one: decode the bytes (in the browser, no URL: nothing for
 * the page's `img-src` to allow), draw a square crop of them into a canvas (the preview, her
 * current photo), and make the square she saves — a JPEG of {@link PHOTO_SIDE} px, so what is sent
 * is small whatever the camera made. The insurance cards' photos (item 5) are decoded and drawn
 * whole by it too.
 */

/** The side of the square she saves, in pixels. */
export const PHOTO_SIDE = 512;

/** Where the square is: `zoom` ≥ 1 (1: the largest square), `x`/`y` 0–100 (% of the room to move). */
export interface Crop {
  readonly zoom: number;
  readonly x: number;
  readonly y: number;
}

export const CENTRED: Crop = {zoom: 1, x: 50, y: 50};

/** The image in these bytes, decoded; `undefined` when the browser cannot read it. */
export async function decode(bytes: Blob): Promise<ImageBitmap | undefined> {
  try {
    return await createImageBitmap(bytes);
  } catch {
    return undefined;
  }
}

/** The crop's square in the image's own pixels. */
function square(image: ImageBitmap, crop: Crop): [number, number, number] {
  const side = Math.min(image.width, image.height) / Math.max(1, crop.zoom);
  const left = ((image.width - side) * crop.x) / 100;
  const top = ((image.height - side) * crop.y) / 100;
  return [left, top, side];
}

/** Draws the crop of the image over the whole canvas. */
export function draw(canvas: HTMLCanvasElement, image: ImageBitmap, crop: Crop = CENTRED): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const [left, top, side] = square(image, crop);
  context.imageSmoothingQuality = 'high';
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, left, top, side, side, 0, 0, canvas.width, canvas.height);
}

/** Draws the whole image over the whole canvas (an insurance card's side: the canvas has its shape). */
export function drawWhole(canvas: HTMLCanvasElement, image: ImageBitmap): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  context.imageSmoothingQuality = 'high';
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
}

/** The crop as a {@link PHOTO_SIDE} px square JPEG's bytes. */
export async function squareJpeg(image: ImageBitmap, crop: Crop): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = PHOTO_SIDE;
  const context = canvas.getContext('2d')!;
  // A transparent PNG becomes white, not black, as a JPEG.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, PHOTO_SIDE, PHOTO_SIDE);
  const [left, top, side] = square(image, crop);
  context.imageSmoothingQuality = 'high';
  context.drawImage(image, left, top, side, side, 0, 0, PHOTO_SIDE, PHOTO_SIDE);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.88));
  if (!blob) throw new Error('canvas');
  return new Uint8Array(await blob.arrayBuffer());
}
