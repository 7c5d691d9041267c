import type { Taxonomy } from '../../../core/types.ts';
import type { SynopsisModel } from './build-synopsis.ts';
import { renderPng } from './render-png.ts';
import { stanceChartSvg } from './stance-chart-svg.ts';

/** The chart of stances per item as SVG (for the page) and PNG (for Word and the page's download). */
export function stanceChart(
  model: SynopsisModel,
  taxonomy: Taxonomy,
): { svg: string; png: Buffer; width: number; height: number } {
  const svg = stanceChartSvg(
    model.items,
    taxonomy.stances.map((s) => ({ id: s.id, label: s.label })),
  );
  return { svg, ...renderPng(svg) };
}
