// The bundled test-file schema failing to load (suites/test-file-schema.ts): a located error with
// its cause and remedy, never a bare ajv or fs exception, and the failure is not remembered (the
// next call loads the schema once it is readable). Its own file: the schema is compiled once per
// process, so the failure must come before any other test loads it. The read is made to fail
// through node:fs itself (syncBuiltinESMExports): nothing on disk changes.
import t from 'tap';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { FoxGradeError } from '../../suites/errors.js';
import { testFileSchema } from '../../suites/test-file-schema.js';

const nodeFs = fs as { -readonly [K in keyof typeof fs]: (typeof fs)[K] };

t.test('an unreadable schema: E_SCHEMA with the path, the cause and the remedy; then, readable, it loads', async (t) => {
  const real = fs.readFileSync;
  const missing = Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
  nodeFs.readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (String(path).endsWith('test-file.schema.json')) throw missing;
    return (real as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  syncBuiltinESMExports();
  try {
    const err = t.throws(() => testFileSchema()) as FoxGradeError;
    t.type(err, FoxGradeError);
    t.equal(err.code, 'E_SCHEMA');
    t.match(err.message, /^cannot load the test-file schema \/.*\/suites\/test-file\.schema\.json$/);
    t.equal(err.cause, missing, 'the cause is kept');
    t.equal(err.remedy, 'reinstall fox-grade: suites/test-file.schema.json is part of it');
  } finally {
    nodeFs.readFileSync = real;
    syncBuiltinESMExports();
  }
  const { validate, schema } = testFileSchema();
  t.equal(schema.items?.properties?.heap?.description?.startsWith('an integer from 0'), true, 'the real schema, once readable');
  t.equal(validate([{ name: 'a', code: '1', result: { value: '1' } }]), true);
});
