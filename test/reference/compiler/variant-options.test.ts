// compilerOptions (reference/compiler/variants.ts): the flags of the correct compiler per dialect
// (FOX.md §4 heap layout, §8 fa18), and each compiler variant as exactly one flag flipped away from
// them. No program is built: test/reference/compiler/variants.test.ts runs the variants natively.
import t from 'tap';
import { codegenVariants, compilerOptions, defaultCodegenOptions, dialects } from '../../../reference/compiler/variants.js';

/** The sp19 compiler, flag by flag, as FOX.md describes it. */
const sp19 = {
  roundHeapStart: false, // the heap starts at the heap argument's address
  multiplyTagged: false, // sar first, then imul, then jo
  tailCalls: true, // self tail calls reuse the frame
  clearLetSlots: true,
  zeroLocals: true,
  padTuples: true, // a block is round_up_to_even(n + 2) words
  initGcWord: true, // word 1, the GC word, is 0 when allocated
  firstElementWord: 2, // elements from word 2
  reserveSlackBytes: 0, // the heap check is exact
};
/** fa18 (FOX.md §8): the rounded heap start, the tagged multiplication, tail calls as calls. */
const fa18 = { ...sp19, roundHeapStart: true, multiplyTagged: true, tailCalls: false };

/** What each variant changes, in its own words (its summary). */
const flipped: Record<string, { codegen?: Record<string, unknown>; anf?: Record<string, unknown> }> = {
  'keep-let-slots': { codegen: { clearLetSlots: false } },
  'no-zero-locals': { codegen: { zeroLocals: false } },
  'no-tuple-padding': { codegen: { padTuples: false } },
  'no-gc-word-init': { codegen: { initGcWord: false } },
  'elements-from-word-one': { codegen: { firstElementWord: 1 } },
  'reserve-check-off-by-one': { codegen: { reserveSlackBytes: 4 } },
  'tail-call-as-call': { codegen: { tailCalls: false } },
  'let-temps-leak': { anf: { leakLetTemps: true } },
};

t.test('the correct compiler: sp19 by default, fa18 on request, the ANF untouched', async (t) => {
  t.same(compilerOptions(), { anf: {}, codegen: sp19 });
  t.same(compilerOptions('sp19'), { anf: {}, codegen: sp19 });
  t.same(compilerOptions('fa18'), { anf: {}, codegen: fa18 });
  t.same(defaultCodegenOptions, sp19);
});

t.test('each variant flips exactly its own flag, in either dialect', async (t) => {
  t.same(Object.keys(flipped).sort(), codegenVariants.map((v) => v.name).sort(), 'every variant is described here');
  for (const dialect of dialects) {
    const base = dialect === 'fa18' ? fa18 : sp19;
    for (const v of codegenVariants) {
      const change = flipped[v.name];
      t.same(compilerOptions(dialect, v.name), { anf: change.anf ?? {}, codegen: { ...base, ...change.codegen } }, `${dialect} ${v.name}`);
    }
  }
});

t.test('options are fresh each time: a caller changing them changes no other compile', async (t) => {
  const first = compilerOptions('fa18', 'no-tuple-padding');
  first.codegen.padTuples = true;
  first.codegen.firstElementWord = 7;
  t.same(compilerOptions('fa18', 'no-tuple-padding').codegen, { ...fa18, padTuples: false });
  t.same(defaultCodegenOptions, sp19);
});

t.test('an unknown dialect or variant is refused with the valid names', async (t) => {
  t.throws(() => compilerOptions('sp20'), { message: "unknown dialect 'sp20'; valid dialects: sp19, fa18" });
  t.throws(() => compilerOptions('', 'keep-let-slots'), { message: "unknown dialect ''; valid dialects: sp19, fa18" });
  t.throws(() => compilerOptions('sp19', 'keep-let-slot'), {
    message:
      "unknown compiler variant 'keep-let-slot'; valid variants: keep-let-slots, no-zero-locals, no-tuple-padding, no-gc-word-init, elements-from-word-one, reserve-check-off-by-one, tail-call-as-call, let-temps-leak",
  });
});
