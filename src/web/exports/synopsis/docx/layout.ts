import { PageOrientation } from 'docx';

// A4 in twentieths of a point. Statement tables go on landscape pages: three columns of readable width need about
// 14,500 twips, and on portrait pages the narrow columns broke words ("Änderungsvorsc|hlag").
export const A4 = { short: 11906, long: 16838 } as const;
export const MARGIN = 1134; // 2 cm
export const PORTRAIT_TEXT_WIDTH = A4.short - 2 * MARGIN;
export const LANDSCAPE_TEXT_WIDTH = A4.long - 2 * MARGIN;

/** Landkreis(e) with sources · statement · assessment; they add up to the landscape text width. */
export const STATEMENT_COLUMNS = [3300, 7070, 4200] as const;

export const pageProperties = (orientation: 'portrait' | 'landscape') => ({
  page: {
    // docx swaps width and height itself for landscape: both are given as for portrait.
    size: {
      width: A4.short,
      height: A4.long,
      orientation: orientation === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
    },
    margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 },
  },
});
