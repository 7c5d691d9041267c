import { Resvg } from '@resvg/resvg-js';

/**
 * SVG → PNG with resvg (Rust, the binary ships in the npm package): no browser and no download at run time. Text
 * uses the system's fonts (DejaVu on Debian), which resvg finds itself.
 */
export function renderPng(svg: string, scale = 2): { png: Buffer; width: number; height: number } {
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return { png: Buffer.from(image.asPng()), width: image.width / scale, height: image.height / scale };
}
