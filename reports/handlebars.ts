// The one place where handlebars is set up: its helpers, its partials, the page templates and
// the static assets (CSS, the sorting script) that pages inline.
//
// An isolated environment (`Handlebars.create()`) so that nothing registered here leaks into,
// or is overridden by, another user of the handlebars module in the same process. Templates
// are read and compiled once, on first use, and reused for every student of a class run.
//
// Escaping rule for every template: `{{…}}` (escaped) for all data. Triple-stash `{{{…}}}` is
// used only for the trusted assets read from reports/templates/assets/ (CSS and our own
// script), never for anything that comes from a GradeResult.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../reference/paths.js';
import { formatPercent, plural } from './view.js';

type Template = Handlebars.TemplateDelegate;

interface Engine {
  pages: Map<string, Template>;
  assets: Map<string, string>;
}

let engine: Engine | undefined;

function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('asPercent', (fraction: number) => formatPercent(fraction));
  hb.registerHelper('plural', (count: number, singular: string, pluralForm: unknown) =>
    // A helper's last argument is handlebars' options object: only a string is a plural form.
    plural(count, singular, typeof pluralForm === 'string' ? pluralForm : undefined),
  );
}

function load(): Engine {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const partialsDir = join(templatesDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    hb.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
  }
  const pages = new Map<string, Template>();
  for (const file of readdirSync(templatesDir).filter((f) => f.endsWith('.hbs')).sort()) {
    // strict: a misspelt field in a template throws at render time instead of rendering as an
    // empty string. The views therefore spell out every key, with null for "absent".
    pages.set(basename(file, '.hbs'), hb.compile(readFileSync(join(templatesDir, file), 'utf8'), { strict: true }));
  }
  const assetsDir = join(templatesDir, 'assets');
  const assets = new Map<string, string>();
  for (const file of readdirSync(assetsDir).sort()) assets.set(file, readFileSync(join(assetsDir, file), 'utf8'));
  return { pages, assets };
}

function getEngine(): Engine {
  engine ??= load();
  return engine;
}

/** Renders a page template (`reports/templates/<name>.hbs`) with a view object. */
export function renderPage(name: string, view: object): string {
  const template = getEngine().pages.get(name);
  if (!template) throw new Error(`fox-grade: no report template "${name}.hbs" in ${templatesDir}`);
  return template(view);
}

/** A static asset's text (`reports/templates/assets/<file>`), for inlining. */
export function asset(file: string): string {
  const text = getEngine().assets.get(file);
  if (text === undefined) throw new Error(`fox-grade: no report asset "${file}" in ${join(templatesDir, 'assets')}`);
  return text;
}

/** The CSP source for one inline script: only that exact script may run in the page. */
export function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/**
 * The page's Content-Security-Policy: nothing may be fetched (self-contained, no network, and a
 * student's text can never pull anything in), styles are inline, and the only script that runs
 * is ours, pinned by hash.
 */
export function contentSecurityPolicy(scripts: string[]): string {
  const scriptSrc = scripts.length > 0 ? scripts.map(scriptHash).join(' ') : "'none'";
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scriptSrc}; base-uri 'none'; form-action 'none'`;
}
