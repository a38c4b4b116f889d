// Surviving Stryker mutants that are equivalent (no test can tell them from the original), each
// with its reason (issue 14). Most equivalents are marked in the source with
// `// Stryker disable next-line <Mutator>: <reason>`; those listed here are the ones such a comment
// cannot single out: it would also switch off the other mutants of the same mutator on that line,
// which tests do kill.
//
// An entry names the file, the mutator, the exact source text the mutant replaces (`original`)
// and its `replacement`, as in Stryker's report; no line number, so an edit elsewhere in the file
// does not make it stale, unless the same text is mutated the same way in two places (`line`, and
// `column` when both are on one line, then say which). `stryker/score.mjs` counts a surviving
// mutant that matches an entry as ignored, with the entry's reason, and fails when an entry
// matches no mutant, several, or a mutant that tests kill (then it was not equivalent).

/** @type {{ file: string, mutator: string, original: string, replacement: string, line?: number, column?: number, reason: string }[]} */
export const equivalents = [
  // suites/json-scan.ts
  { file: 'suites/json-scan.ts', mutator: 'ConditionalExpression', original: 'c !== undefined', replacement: 'true', line: 50, reason: "startsValue(undefined) is asked only after afterMember has already failed at the end of the text" },
  { file: 'suites/json-scan.ts', mutator: 'EqualityOperator', original: 'pos >= text.length', replacement: 'pos > text.length', line: 74, reason: 'at pos == length charCodeAt gives NaN, which is no quote, backslash or character: the loop fails the same way one step later' },
  { file: 'suites/json-scan.ts', mutator: 'ConditionalExpression', original: 'e !== undefined', replacement: 'true', reason: "'\"\\\\/bfnrt'.includes(undefined) is false, as the guard is" },
  { file: 'suites/json-scan.ts', mutator: 'Regex', original: '/^[0-9a-fA-F]{4}$/', replacement: '/[0-9a-fA-F]{4}$/', reason: 'the slice tested is at most 4 characters: 4 hex digits must fill it from the start anyway' },
  { file: 'suites/json-scan.ts', mutator: 'Regex', original: '/^[0-9a-fA-F]{4}$/', replacement: '/^[0-9a-fA-F]{4}/', reason: 'the slice tested is at most 4 characters: 4 hex digits must fill it to the end anyway' },
  { file: 'suites/json-scan.ts', mutator: 'ConditionalExpression', original: "text[start] === '0' || text.startsWith('-0', start)", replacement: 'true', reason: 'the sticky number pattern is greedy: only after a leading 0 can a digit follow the number it matched' },
  { file: 'suites/json-scan.ts', mutator: 'StringLiteral', original: "'-0'", replacement: '""', reason: "startsWith('') is true: the same as the condition mutated to true (the greedy number pattern)" },
  { file: 'suites/json-scan.ts', mutator: 'StringLiteral', original: "''", replacement: '"Stryker was here!"', line: 103, reason: 'the fallback is only tested for a digit, and the replacement has none' },
  { file: 'suites/json-scan.ts', mutator: 'ConditionalExpression', original: 'pointer !== undefined', replacement: 'true', reason: 'past RECORD_DEPTH the pointer is undefined, and depth only grows below it: `depth <= RECORD_DEPTH` alone decides' },
  { file: 'suites/json-scan.ts', mutator: 'ConditionalExpression', original: 'c !== undefined', replacement: 'true', line: 185, reason: "`undefined >= '0'` is false, so the comparison alone rejects the end of the text" },
  { file: 'suites/json-scan.ts', mutator: 'ConditionalExpression', original: 'e instanceof ScanFailure', replacement: 'true', reason: 'the scanner throws nothing but ScanFailure (it only indexes strings and runs regular expressions)' },
  // suites/read-file.ts
  { file: 'suites/read-file.ts', mutator: 'ConditionalExpression', original: "rel === ''", replacement: 'false', reason: "relative() gives '' only for the directory itself, which the other tests accept too (not '..', not absolute)" },
  { file: 'suites/read-file.ts', mutator: 'StringLiteral', original: "''", replacement: '"Stryker was here!"', line: 15, reason: "relative() gives '' only for the directory itself, which the other tests accept too (not '..', not absolute)" },
  { file: 'suites/read-file.ts', mutator: 'ConditionalExpression', original: 'entry.isFile()', replacement: 'true', reason: "an entry neither file nor directory (a link, a FIFO) never has the regular file's inode and device: lstat tells it apart anyway" },
  { file: 'suites/read-file.ts', mutator: 'ConditionalExpression', original: 's.dev === file.dev', replacement: 'true', reason: 'the walk stays under one repository; telling the devices apart needs another file system mounted inside it, which a test cannot set up unprivileged' },
  // suites/test-file-schema.ts
  { file: 'suites/test-file-schema.ts', mutator: 'ConditionalExpression', original: "value === null || ['string', 'number', 'boolean'].includes(typeof value)", replacement: 'true', reason: "show only gets scalars and null (an array or object fails a 'type' keyword, answered before)" },
  { file: 'suites/test-file-schema.ts', mutator: 'ConditionalExpression', original: 'value === null', replacement: 'false', line: 45, reason: "show never gets null: null fails a 'type' keyword, which describeType answers before" },
  { file: 'suites/test-file-schema.ts', mutator: 'ConditionalExpression', original: "typeof v === 'object' && v !== null", replacement: 'true', reason: "ajv's instancePath names only values present in the data: every value on the way is an object or an array" },
  { file: 'suites/test-file-schema.ts', mutator: 'ConditionalExpression', original: "typeof v === 'object'", replacement: 'true', reason: "ajv's instancePath names only values present in the data: every value on the way is an object or an array" },
  { file: 'suites/test-file-schema.ts', mutator: 'ConditionalExpression', original: 'v !== null', replacement: 'true', reason: "ajv's instancePath names only values present in the data: no null on the way" },
  { file: 'suites/test-file-schema.ts', mutator: 'ConditionalExpression', original: "typeof found === 'object' && found !== null && 'value' in found", replacement: 'true', reason: "found is an object here ('type' passed) whose oneOf failed, so it has both keys or neither: 'failure' in found alone decides" },
  { file: 'suites/test-file-schema.ts', mutator: 'ConditionalExpression', original: "typeof found === 'object' && found !== null", replacement: 'true', reason: "found is an object here: the 'type' keyword of 'result' passed" },
  { file: 'suites/test-file-schema.ts', mutator: 'ConditionalExpression', original: "typeof found === 'object'", replacement: 'true', reason: "found is an object here: the 'type' keyword of 'result' passed" },
  { file: 'suites/test-file-schema.ts', mutator: 'ConditionalExpression', original: 'found !== null', replacement: 'true', reason: "found is an object here: the 'type' keyword of 'result' passed" },
  // suites/test-file.ts
  { file: 'suites/test-file.ts', mutator: 'ConditionalExpression', original: 'offset !== undefined', replacement: 'true', reason: 'every pointer located is one the scanner recorded (a test, or a key of a test, up to the depth it records)' },
  { file: 'suites/test-file.ts', mutator: 'ConditionalExpression', original: 'test', replacement: 'true', reason: 'a location with `test: undefined` reads as one without: every reader asks location.test?.…, and JSON drops the key' },
  { file: 'suites/test-file.ts', mutator: 'MethodExpression', original: 'i.pointer.startsWith(`/${index}/${key}/`)', replacement: 'i.pointer.endsWith(`/${index}/${key}/`)', reason: "bad() is only asked of 'name' and 'heap', scalars whose issues are at their own pointer, never below it" },
  { file: 'suites/test-file.ts', mutator: 'ConditionalExpression', original: 'start !== undefined', replacement: 'true', reason: 'the scanner records the offset of every test of a file that parsed: start is always present' },
  { file: 'suites/test-file.ts', mutator: 'ConditionalExpression', original: "typeof heap !== 'number'", replacement: 'false', reason: 'Number.isInteger, tested next, already rejects every non-number' },
  { file: 'suites/test-file.ts', mutator: 'EqualityOperator', original: 'heap > 0', replacement: 'heap >= 0', reason: "the schema's minimum is 0: a heap of 0 has no complaint to drop" },
  { file: 'suites/test-file.ts', mutator: 'ConditionalExpression', original: 'kept.length > 0', replacement: 'true', reason: 'an empty list and no entry are read the same way: no issue for that test' },
  { file: 'suites/test-file.ts', mutator: 'EqualityOperator', original: 'kept.length > 0', replacement: 'kept.length >= 0', reason: 'an empty list and no entry are read the same way: no issue for that test' },
  // grader/heap/constraints.ts and killing.ts
  { file: 'grader/heap/constraints.ts', mutator: 'ConditionalExpression', original: 'value === undefined', replacement: 'false', line: 13, reason: "for undefined, show falls through to typeof value, which is 'undefined', the text String(undefined) gives" },
  { file: 'grader/heap/constraints.ts', mutator: 'ConditionalExpression', original: "typeof value !== 'number'", replacement: 'false', reason: 'Number.isInteger is false for every non-number: the same values are rejected with the same message' },
  { file: 'grader/heap/killing.ts', mutator: 'BooleanLiteral', original: 'false', replacement: 'true', reason: "nothing reads outOfMemory of killingHeap's runs: its property looks at run.pass only" },
  // grader/heap/search.ts
  { file: 'grader/heap/search.ts', mutator: 'ConditionalExpression', original: 'runs.error', replacement: 'false', line: 94, reason: 'runs.error is set only just before an interrupt, which ends the fast-check run: no later property call sees it' },
  { file: 'grader/heap/search.ts', mutator: 'ConditionalExpression', original: 'params.path !== undefined', replacement: 'true', reason: "fast-check reads `path: undefined` as no path" },
  { file: 'grader/heap/search.ts', mutator: 'ConditionalExpression', original: 'given !== undefined', replacement: 'true', line: 177, reason: '`undefined >= lo` is false anyway' },
  { file: 'grader/heap/search.ts', mutator: 'ConditionalExpression', original: 'passesOutOfMemory !== undefined', replacement: 'false', line: 181, reason: "a stop always interrupts fast-check: answer.interrupted alone decides" },
  { file: 'grader/heap/search.ts', mutator: 'ConditionalExpression', original: 'given !== undefined', replacement: 'true', line: 186, reason: '`undefined < lo` is false anyway' },
  { file: 'grader/heap/search.ts', mutator: 'ConditionalExpression', original: 'given < lo', replacement: 'true', reason: 'a given heap ≥ lo was run (and failed) in the first phase: a phase from it again is memoised, no run and the same answer' },
  { file: 'grader/heap/search.ts', mutator: 'EqualityOperator', original: 'given < lo', replacement: 'given <= lo', reason: 'a given heap equal to lo was run (and failed) in the first phase: a phase from it again is memoised, no run and the same answer' },
  { file: 'grader/heap/search.ts', mutator: 'StringLiteral', original: "''", replacement: '"Stryker was here!"', line: 225, reason: "runs are memoised and fast-check's integer shrinking ends at h − 1: unless the search was interrupted, h − 1 failed, so this text is never shown" },
  { file: 'grader/heap/search.ts', mutator: 'ConditionalExpression', original: 'answer.path !== undefined', replacement: 'true', reason: 'heapCheck returns a path with every counterexample, and there is one here' },
  { file: 'grader/heap/search.ts', mutator: 'ConditionalExpression', original: 'h < max', replacement: 'true', reason: 'at h = max the check can only draw max, which passed (memoised): no run, monotonic' },
  { file: 'grader/heap/search.ts', mutator: 'EqualityOperator', original: 'h < max', replacement: 'h <= max', reason: 'at h = max the check can only draw max, which passed (memoised): no run, monotonic' },
  // reference/compiler/tokenize.ts
  { file: 'reference/compiler/tokenize.ts', mutator: 'EqualityOperator', original: 'pos < source.length', replacement: 'pos <= source.length', line: 63, reason: 'one more advance at the end of the text only moves pos past it: the loop ends, and the end position comes from lastEnd' },
  { file: 'reference/compiler/tokenize.ts', mutator: 'EqualityOperator', original: 'close < 0', replacement: 'close <= 0', reason: 'the search for the closing mark starts at pos + 2 ≥ 2: close is never 0' },
  { file: 'reference/compiler/tokenize.ts', mutator: 'ConditionalExpression', original: 'pos + n < source.length', replacement: 'true', line: 73, reason: 'isDigit(undefined) is false: the number ends at the end of the text anyway' },
  { file: 'reference/compiler/tokenize.ts', mutator: 'EqualityOperator', original: 'pos + n < source.length', replacement: 'pos + n <= source.length', line: 73, reason: 'isDigit(undefined) is false: the number ends at the end of the text anyway' },
  { file: 'reference/compiler/tokenize.ts', mutator: 'ArithmeticOperator', original: 'pos + n', replacement: 'pos - n', line: 73, column: 14, reason: 'the guard becomes always true, and isDigit(undefined), false, ends the number at the end of the text' },
  { file: 'reference/compiler/tokenize.ts', mutator: 'ConditionalExpression', original: 'pos + n < source.length', replacement: 'true', line: 77, reason: 'isLetter and isDigit of undefined are false: the name ends at the end of the text anyway' },
  { file: 'reference/compiler/tokenize.ts', mutator: 'EqualityOperator', original: 'pos + n < source.length', replacement: 'pos + n <= source.length', line: 77, reason: 'isLetter and isDigit of undefined are false: the name ends at the end of the text anyway' },
  { file: 'reference/compiler/tokenize.ts', mutator: 'ArithmeticOperator', original: 'pos + n', replacement: 'pos - n', line: 77, column: 14, reason: 'the guard becomes always true, and isLetter/isDigit of undefined, false, end the name at the end of the text' },
  // reference/compiler/parse.ts
  { file: 'reference/compiler/parse.ts', mutator: 'ConditionalExpression', original: "this.tok.kind === 'punct' || this.tok.kind === 'kw'", replacement: 'true', reason: 'is() is only asked for punctuation and keyword texts, which no identifier, number or end token spells' },
  { file: 'reference/compiler/parse.ts', mutator: 'ConditionalExpression', original: "t.kind !== 'eof'", replacement: 'true', reason: 'next() is only called on a token already known to be punctuation, a keyword, a number or a name' },
  { file: 'reference/compiler/parse.ts', mutator: 'ConditionalExpression', original: "this.tok.kind === 'punct'", replacement: 'true', line: 202, reason: 'the operator texts (== < > + - *) are only ever punctuation tokens' },
  { file: 'reference/compiler/parse.ts', mutator: 'ConditionalExpression', original: "t.kind === 'kw'", replacement: 'true', line: 270, reason: 'the primitive names are keywords: no name or number token has their text' },
  { file: 'reference/compiler/parse.ts', mutator: 'ConditionalExpression', original: "t.kind === 'punct'", replacement: 'true', line: 335, reason: "only a punctuation token has the text '('" },
  // reference/compiler/anf.ts
  { file: 'reference/compiler/anf.ts', mutator: 'ConditionalExpression', original: "e.kind === 'let'", replacement: 'false', reason: "a let operand then goes through parts(), whose letChain is what anf() would give: no binds outside, and its own temps are numbered before the operand's temp either way" },
  { file: 'reference/compiler/anf.ts', mutator: 'StringLiteral', original: "'let'", replacement: '""', line: 137, reason: "a let operand then goes through parts(), whose letChain is what anf() would give: no binds outside, and its own temps are numbered before the operand's temp either way" },
  // reports/mutation-json.ts
  { file: 'reports/mutation-json.ts', mutator: 'OptionalChaining', original: '/\\.([^./]+)$/.exec(path)?.[1]?.toLowerCase', replacement: '/\\.([^./]+)$/.exec(path)?.[1].toLowerCase', reason: 'group 1 is not optional: on a match it is a string, and without one the first ?. already ends the chain' },
  { file: 'reports/mutation-json.ts', mutator: 'Regex', original: '/\\s+/', replacement: '/\\s/', line: 68, reason: 'the empty words that splitting on single spaces adds are removed by .filter(Boolean)' },
  { file: 'reports/mutation-json.ts', mutator: 'ConditionalExpression', original: 'j === undefined', replacement: 'false', line: 158, reason: 'without a matrix column, cells[i]?.[undefined] is undefined for every test: every entry is dropped, as with []' },
  { file: 'reports/mutation-json.ts', mutator: 'ConditionalExpression', original: 'j === undefined', replacement: 'true', line: 160, reason: "in a consistent GradeResult a mutant's killedBy is exactly the matrix's detecting tests, in order (grader/result.ts)" },
  { file: 'reports/mutation-json.ts', mutator: 'ConditionalExpression', original: 'source === undefined', replacement: 'false', reason: "findTest(undefined): RegExp.exec reads it as the text 'undefined', which never holds a test's \"name\", so no location either way" },
  { file: 'reports/mutation-json.ts', mutator: 'ConditionalExpression', original: 'options.reveal !== undefined', replacement: 'true', reason: '`{ reveal: undefined }` reads as no reveal: options.reveal ?? result.reveal' },
];
