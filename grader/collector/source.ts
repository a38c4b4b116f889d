// Reading a student's collector out of their repository (FOX.md §7: c-bits/), as untrusted input.
//
// Only the files the build needs are read: c-bits/gc.c (required), c-bits/types.c, gc.h, types.h
// (the reference's when missing), and any other header of c-bits/ that those files include by a
// plain quoted name. Each is read as a regular file: a symbolic link (even one pointing inside
// the repository), a linked c-bits/ directory, a path whose real location is outside the
// repository, a file above MAX_SOURCE_BYTES, all refuse the file. The contents are then handed
// to the build as strings (buildRuntime's `sources`), so gcc only ever sees copies in a scratch
// directory of ours.
//
// #include lines are checked too: an absolute path, a `..`, or a computed include could make gcc
// read (and quote in its error messages) any file of the grading machine. `.incbin` in inline
// assembly would embed one. Those are refused with their location.
import { closeSync, constants, lstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { type Diagnostic, FoxGradeError } from '../../suites/errors.js';

export const COLLECTOR_DIR = 'c-bits';
/** The student's files the build uses; gc.c is required, the others fall back to the reference. */
export const COLLECTOR_FILES = ['gc.c', 'types.c', 'gc.h', 'types.h'] as const;
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** Extra headers copied from c-bits/ (included by a plain quoted name); a bound against abuse. */
const MAX_EXTRA_HEADERS = 16;
const HEADER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.h$/;

export interface SourceFile {
  /** The name the build uses (`gc.c`). */
  name: string;
  /** `c-bits/gc.c` for the student's, `reference/runtime/types.c` for a substitute. */
  path: string;
  from: 'student' | 'reference';
}

export interface CollectorSources {
  /** Real path of the repository. */
  root: string;
  /** Its directory name, as results show it. */
  repo: string;
  /** Contents by build name, for buildRuntime's `sources` (student files only). */
  sources: Record<string, string>;
  files: SourceFile[];
  notes: string[];
}

export type SourcesRead = { ok: true; value: CollectorSources } | { ok: false; repo: string; root: string; problem: Diagnostic };

/** The repository's real path; throws FoxGradeError when it is not a directory. */
export function collectorRepoRoot(path: string): string {
  const absolute = resolve(path);
  let stat;
  try {
    stat = lstatSync(absolute);
  } catch (cause) {
    throw new FoxGradeError('E_REPO_MISSING', 'the repository does not exist', {
      cause,
      remedy: 'Give the path of a student repository (a directory with c-bits/gc.c).',
      location: { file: path },
    });
  }
  if (!stat.isDirectory()) {
    throw new FoxGradeError('E_REPO_NOT_DIR', 'the repository path is not a directory', {
      remedy: 'Give the path of a student repository (a directory with c-bits/gc.c).',
      location: { file: path },
    });
  }
  return realpathSync(absolute);
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

type Read = { ok: true; text: string } | { ok: false; missing: boolean; code: string; message: string; remedy: string };

/** Reads `c-bits/<name>` as a regular file inside `root`. */
function readSource(root: string, name: string): Read {
  const display = `${COLLECTOR_DIR}/${name}`;
  const dir = join(root, COLLECTOR_DIR);
  const path = join(dir, name);
  const refuse = (code: string, message: string, remedy: string): Read => ({ ok: false, missing: false, code, message, remedy });
  let dirStat;
  try {
    dirStat = lstatSync(dir);
  } catch {
    return { ok: false, missing: true, code: 'E_GC_MISSING', message: `${display} does not exist`, remedy: '' };
  }
  if (dirStat.isSymbolicLink()) {
    return refuse('E_GC_SYMLINK', `${COLLECTOR_DIR}/ is a symbolic link`, 'Replace the link by the directory itself: only regular files inside the repository are graded.');
  }
  if (!dirStat.isDirectory()) return refuse('E_GC_READ', `${COLLECTOR_DIR} is not a directory`, 'c-bits/ must be a directory (docs/SPEC.md §7).');
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return { ok: false, missing: true, code: 'E_GC_MISSING', message: `${display} does not exist`, remedy: '' };
  }
  if (stat.isSymbolicLink()) {
    return refuse('E_GC_SYMLINK', `${display} is a symbolic link`, 'Replace the link by the file itself: only regular files inside the repository are graded.');
  }
  if (!stat.isFile()) return refuse('E_GC_READ', `${display} is not a regular file`, `${display} must be a C source file.`);
  let fd: number | undefined;
  try {
    const real = realpathSync(path);
    if (!isInside(root, real)) {
      return refuse('E_GC_OUTSIDE', `${display} resolves to ${real}, outside the repository`, 'Keep the collector inside the repository.');
    }
    if (stat.size > MAX_SOURCE_BYTES) {
      return refuse('E_GC_TOO_LARGE', `${display} has ${stat.size} bytes, more than ${MAX_SOURCE_BYTES}`, 'A collector is a few hundred lines; remove generated or binary content.');
    }
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const bytes = readFileSync(fd);
    if (bytes.length > MAX_SOURCE_BYTES) {
      return refuse('E_GC_TOO_LARGE', `${display} has more than ${MAX_SOURCE_BYTES} bytes`, 'A collector is a few hundred lines.');
    }
    // C does not care about the encoding of comments; Latin-1 keeps every byte as one character.
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = bytes.toString('latin1');
    }
    return { ok: true, text };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return refuse('E_GC_SYMLINK', `${display} is a symbolic link`, 'Replace the link by the file itself.');
    return refuse('E_GC_READ', `${display} cannot be read (${code ?? String(cause)})`, 'Check the permissions of the file.');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface IncludeProblem {
  line: number;
  col: number;
  message: string;
}

const INCLUDE = /^[ \t]*#[ \t]*(include_next|include|import)\b[ \t]*(.*)$/;

/** The quoted header names a source includes, and the include lines that are refused. */
export function scanIncludes(text: string): { quoted: string[]; problems: IncludeProblem[] } {
  const quoted: string[] = [];
  const problems: IncludeProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const incbin = line.indexOf('.incbin');
    if (incbin >= 0) problems.push({ line: i + 1, col: incbin + 1, message: '`.incbin` is not allowed in a graded collector' });
    const m = INCLUDE.exec(line);
    if (m === null) return;
    const col = line.indexOf('#') + 1;
    const target = m[2].trim();
    const form = /^"([^"]*)"|^<([^>]*)>/.exec(target);
    if (form === null) {
      problems.push({ line: i + 1, col, message: `#${m[1]} of a computed name (${target || 'nothing'}) is not allowed in a graded collector` });
      return;
    }
    const name = form[1] ?? form[2];
    if (name.startsWith('/') || name.split(/[\\/]/).includes('..')) {
      problems.push({ line: i + 1, col, message: `#${m[1]} "${name}" reaches outside the collector's directory` });
      return;
    }
    if (form[1] !== undefined) quoted.push(name);
  });
  return { quoted, problems };
}

/**
 * Reads the collector of the repository at `path`. A repository that is not a directory throws
 * (FoxGradeError); a missing or unusable gc.c, or a refused file, is a result with a problem.
 */
export function readCollectorSources(path: string, runtimeSources: (name: string) => string | undefined): SourcesRead {
  const root = collectorRepoRoot(path);
  const repo = basename(root);
  const fail = (problem: Diagnostic): SourcesRead => ({ ok: false, repo, root, problem });
  const sources: Record<string, string> = {};
  const files: SourceFile[] = [];
  const notes: string[] = [];

  const gc = readSource(root, 'gc.c');
  if (!gc.ok) {
    if (gc.missing) {
      return fail({
        code: 'E_GC_MISSING',
        message: `${repo} has no ${COLLECTOR_DIR}/gc.c: there is no collector to grade`,
        remedy: 'A student repository keeps its collector in c-bits/gc.c (docs/SPEC.md §7); check the path, or that the repo was cloned whole.',
        location: { file: `${COLLECTOR_DIR}/gc.c` },
      });
    }
    return fail({ code: gc.code, message: gc.message, remedy: gc.remedy, location: { file: `${COLLECTOR_DIR}/gc.c` } });
  }
  sources['gc.c'] = gc.text;
  files.push({ name: 'gc.c', path: `${COLLECTOR_DIR}/gc.c`, from: 'student' });

  for (const name of COLLECTOR_FILES.slice(1)) {
    const read = readSource(root, name);
    if (read.ok) {
      sources[name] = read.text;
      files.push({ name, path: `${COLLECTOR_DIR}/${name}`, from: 'student' });
    } else if (read.missing) {
      files.push({ name, path: `reference/runtime/${name}`, from: 'reference' });
      notes.push(`${COLLECTOR_DIR}/${name} is missing: the reference's ${name} is used instead`);
    } else {
      return fail({ code: read.code, message: read.message, remedy: read.remedy, location: { file: `${COLLECTOR_DIR}/${name}` } });
    }
  }

  // Headers of c-bits/ included by the files above (transitively), by plain name.
  const pending = Object.keys(sources);
  const seen = new Set(pending);
  while (pending.length > 0) {
    const name = pending.shift()!;
    const text = sources[name] ?? runtimeSources(name) ?? '';
    const { quoted, problems } = scanIncludes(text);
    if (sources[name] !== undefined && problems.length > 0) {
      const p = problems[0];
      return fail({
        code: 'E_GC_INCLUDE',
        message: p.message,
        remedy: 'Include only the collector\'s own headers (by plain name) and system headers.',
        location: { file: `${COLLECTOR_DIR}/${name}`, line: p.line, col: p.col },
      });
    }
    for (const header of quoted) {
      if (seen.has(header) || !HEADER_NAME.test(header)) continue;
      seen.add(header);
      if (runtimeSources(header) !== undefined) continue; // a reference header by that name: the student's was read above
      if (files.length - COLLECTOR_FILES.length >= MAX_EXTRA_HEADERS) break;
      const read = readSource(root, header);
      if (read.ok) {
        sources[header] = read.text;
        files.push({ name: header, path: `${COLLECTOR_DIR}/${header}`, from: 'student' });
        pending.push(header);
      } else if (!read.missing) {
        return fail({ code: read.code, message: read.message, remedy: read.remedy, location: { file: `${COLLECTOR_DIR}/${header}` } });
      }
      // A missing one is a system header ("stdio.h") or a compile error gcc will locate.
    }
  }
  return { ok: true, value: { root, repo, sources, files, notes } };
}
