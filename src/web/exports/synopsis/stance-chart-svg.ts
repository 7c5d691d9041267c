import type { SynopsisItemModel } from './build-synopsis.ts';

/** Colours per stance in the taxonomy's order (stance ids are data, so colours go by position); grey: no stance. */
const PALETTE = ['#2e7d32', '#c62828', '#1565c0', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037'];
const NO_STANCE = '#9e9e9e';
const FONT = 'DejaVu Sans, Arial, sans-serif';

export interface ChartStance {
  id: string | null;
  label: string;
}

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

export const stanceColour = (stances: readonly ChartStance[], id: string | null): string =>
  id === null ? NO_STANCE : (PALETTE[stances.findIndex((s) => s.id === id) % PALETTE.length] ?? NO_STANCE);

/**
 * A horizontal stacked bar per item: how many Landkreise (or other senders) took each stance. Plain SVG with fixed
 * geometry, so the same picture goes to the page and, rasterised, into the Word file. Pure.
 */
export function stanceChartSvg(items: readonly SynopsisItemModel[], stances: readonly ChartStance[]): string {
  const rowHeight = 17;
  const labelWidth = 110;
  const barWidth = 760;
  const width = labelWidth + barWidth + 40;
  // Legend entries side by side, wrapped to the width; text width estimated at 6.2 px per character at 11 px.
  let lx = 10;
  let ly = 8;
  const legend = [...stances, { id: null, label: 'ohne Haltung' }].map((s) => {
    const w = 17 + s.label.length * 6.2 + 18;
    if (lx + w > width) {
      lx = 10;
      ly += 18;
    }
    const entry =
      `<rect x="${lx}" y="${ly}" width="12" height="12" fill="${stanceColour(stances, s.id)}"/>` +
      `<text x="${lx + 17}" y="${ly + 10}" font-size="11">${escapeXml(s.label)}</text>`;
    lx += w;
    return entry;
  });
  const top = ly + 30;
  const height = top + Math.max(1, items.length) * rowHeight + 16;
  const max = Math.max(1, ...items.map((i) => i.summary.stances.reduce((n, s) => n + s.respondents, 0)));
  const scale = barWidth / max;
  const rows = items.map((item, i) => {
    const y = top + i * rowHeight;
    let x = labelWidth;
    const segments = item.summary.stances.map((s) => {
      const w = s.respondents * scale;
      const rect = `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${stanceColour(stances, s.stance)}"><title>${escapeXml(`${s.label}: ${s.respondents}`)}</title></rect>`;
      x += w;
      return rect;
    });
    const total = item.summary.stances.reduce((n, s) => n + s.respondents, 0);
    return (
      `<text x="${labelWidth - 8}" y="${y + rowHeight / 2 + 4}" font-size="10" text-anchor="end">${escapeXml(item.short)}</text>` +
      segments.join('') +
      `<text x="${x + 6}" y="${y + rowHeight / 2 + 4}" font-size="11">${total}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    legend.join('') +
    `<line x1="${labelWidth}" y1="${top - 4}" x2="${labelWidth}" y2="${height - 12}" stroke="#444"/>` +
    rows.join('') +
    `</svg>`
  );
}
