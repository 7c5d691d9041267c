/**
 * Two functions of pdf.js's worker that text extraction runs per glyph, rewritten in the module's source text before
 * it is loaded — they are a closure inside getTextContent and a method of a class the module does not export, so no
 * assignment from outside reaches them. Each rewrite gives the same results as the original (compared item by item,
 * numbers bit for bit, against the unpatched worker in tests/extract/pdf/worker-patches.test.ts); together they
 * took a 300-page letter from about 0.60 s to 0.29 s of CPU.
 *
 * A patch applies only where its function reads exactly as in the pdf.js release it was written for (5.4.296);
 * otherwise the worker keeps that function as shipped — slower, never different — and the test fails, so an upgrade
 * of pdf.js has to look at this file again.
 */
export interface WorkerPatch {
  name: string;
  original: string;
  patched: string;
}

/**
 * getTextContent asks `getCurrentTextTransform()` for the glyph's position twice per glyph, and it returned
 * `Util.transform(ctm, Util.transform(textMatrix, tsm))`. That shared helper is called all over pdf.js with plain
 * arrays and with Float32Arrays (the initial CTM is one), so V8 cannot keep it fast here: the two calls took about
 * 40 % of the time. The rewrite spells out the two products — `Util.transform(m1, m2)` is
 * `[m1[0] * m2[0] + m1[2] * m2[1], …]` — with the same multiplications and additions in the same order.
 */
const TEXT_TRANSFORM_ORIGINAL = `    function getCurrentTextTransform() {
      const font = textState.font;
      const tsm = [textState.fontSize * textState.textHScale, 0, 0, textState.fontSize, 0, textState.textRise];
      if (font.isType3Font && (textState.fontSize <= 1 || font.isCharBBox) && !isArrayEqual(textState.fontMatrix, FONT_IDENTITY_MATRIX)) {
        const glyphHeight = font.bbox[3] - font.bbox[1];
        if (glyphHeight > 0) {
          tsm[3] *= glyphHeight * textState.fontMatrix[3];
        }
      }
      return Util.transform(textState.ctm, Util.transform(textState.textMatrix, tsm));
    }
`;
const TEXT_TRANSFORM: WorkerPatch = {
  name: 'getCurrentTextTransform',
  original: TEXT_TRANSFORM_ORIGINAL,
  patched: TEXT_TRANSFORM_ORIGINAL.replace(
    '      return Util.transform(textState.ctm, Util.transform(textState.textMatrix, tsm));\n',
    `      const m = textState.textMatrix;
      const a0 = m[0] * tsm[0] + m[2] * tsm[1], a1 = m[1] * tsm[0] + m[3] * tsm[1];
      const a2 = m[0] * tsm[2] + m[2] * tsm[3], a3 = m[1] * tsm[2] + m[3] * tsm[3];
      const a4 = m[0] * tsm[4] + m[2] * tsm[5] + m[4], a5 = m[1] * tsm[4] + m[3] * tsm[5] + m[5];
      const c = textState.ctm;
      return [c[0] * a0 + c[2] * a1, c[1] * a0 + c[3] * a1, c[0] * a2 + c[2] * a3, c[1] * a2 + c[3] * a3, c[0] * a4 + c[2] * a5 + c[4], c[1] * a4 + c[3] * a5 + c[5]];
`,
  ),
};

/**
 * On `q` getTextContent's state manager replaces the text state by `clone()`, which was `Object.create(this)`: the
 * saved state became the prototype of the new one, so every `textState.fontSize`, `.font`, `.textHScale` … read per
 * glyph went through a chain of states, each a different prototype to V8 (many producers save the state once per
 * line): about 20 % of the time. The rewrite copies the properties instead. The same values are read either way,
 * because a saved state is not written while a state cloned from it is in use: TextState exists only inside
 * getTextContent, every write there goes to the current state, and a saved one only becomes current again on `Q`,
 * when its clone is dropped (a form XObject's clone is dropped before the page's content goes on). Text states are
 * then always flat, so the copy has every property; the three matrices are copied as before.
 */
const TEXT_STATE_CLONE_ORIGINAL = `  clone() {
    const clone = Object.create(this);
    clone.textMatrix = this.textMatrix.slice();
    clone.textLineMatrix = this.textLineMatrix.slice();
    clone.fontMatrix = this.fontMatrix.slice();
    return clone;
  }
}
class EvalState {
`;
const TEXT_STATE_CLONE: WorkerPatch = {
  name: 'TextState.clone',
  original: TEXT_STATE_CLONE_ORIGINAL,
  patched: TEXT_STATE_CLONE_ORIGINAL.replace(
    'Object.create(this);',
    'Object.assign(Object.create(TextState.prototype), this);',
  ),
};

export const WORKER_PATCHES: readonly WorkerPatch[] = [TEXT_TRANSFORM, TEXT_STATE_CLONE];

/** The worker's source with every patch applied whose original occurs exactly once, and the names of those. */
export function patchWorkerSource(source: string, patches = WORKER_PATCHES): { source: string; applied: string[] } {
  const applied: string[] = [];
  for (const patch of patches) {
    const at = source.indexOf(patch.original);
    if (at < 0 || source.indexOf(patch.original, at + 1) >= 0) continue;
    // Not String#replace: a replacement string would interpret `$` patterns.
    source = source.slice(0, at) + patch.patched + source.slice(at + patch.original.length);
    applied.push(patch.name);
  }
  return { source, applied };
}
