// heic-decode (libheif compiled to WebAssembly) ships no types: the calls photos.ts makes.
declare module 'heic-decode' {
  interface DecodedImage {
    width: number;
    height: number;
    /** RGBA, 4 bytes a pixel. */
    data: Uint8ClampedArray;
  }
  interface HeicImage {
    width: number;
    height: number;
    decode(): Promise<DecodedImage>;
  }
  const decode: {
    (args: { buffer: ArrayBufferLike | Uint8Array }): Promise<DecodedImage>;
    /** Every image in the file, sized but not decoded yet; `dispose()` frees them. */
    all(args: { buffer: ArrayBufferLike | Uint8Array }): Promise<HeicImage[] & { dispose(): void }>;
  };
  export default decode;
}
