/** A spectrogram as a PNG file (8-bit RGB, no filtering), for the listening page of bench/. */
import { crc32, deflateSync } from "node:zlib";
import { stftMagnitudes } from "../../src/dsp/stft";
import { sequential } from "../../src/ui/inspect/colormap";

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes `rgb` (width × height × 3 bytes, rows top to bottom) as a PNG. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = new Uint8Array(height * (width * 3 + 1));
  for (let y = 0; y < height; y++)
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/**
 * A log-frequency spectrogram of `x` (50 Hz – 8 kHz over `height` rows, 80 dB range below the
 * loudest bin of `x`), one column per 512-sample hop (11.6 ms at 44.1 kHz).
 */
export function spectrogramPng(x: Float32Array, sampleRate: number, height = 240): Buffer {
  const fftSize = 4096;
  const frames = stftMagnitudes(x, { fftSize, hop: 512 });
  const width = frames.length;
  let peak = 1e-12;
  for (const f of frames) for (const v of f) peak = Math.max(peak, v);
  const rgb = new Uint8Array(width * height * 3);
  const [lo, hi] = [Math.log(50), Math.log(8000)];
  for (let row = 0; row < height; row++) {
    const hz = Math.exp(hi - ((hi - lo) * row) / (height - 1));
    const bin = Math.min(fftSize / 2, Math.round((hz * fftSize) / sampleRate));
    for (let col = 0; col < width; col++) {
      const db = 20 * Math.log10(Math.max(frames[col]![bin]!, 1e-12) / peak);
      const [r, g, b] = sequential(Math.max(0, Math.min(1, 1 + db / 80)));
      rgb.set([r, g, b], (row * width + col) * 3);
    }
  }
  return encodePng(width, height, rgb);
}
