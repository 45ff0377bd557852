/** Filling placeholders and wrapping text for narrow receipts. */
import { own } from './own.js';

/**
 * Replaces `{name}` with vars[name]; an unknown name stays visible rather than vanishing silently. A value
 * left empty on purpose (no loan-menu warning for this operator) leaves no double space or trailing space.
 */
export function fill(template: string, vars: Record<string, string | number>): string {
  const parts = templateParts(template);
  if (parts.length === 1) return template;
  let filled = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) filled += (own(vars, parts[i]!) ?? `{${parts[i]}}`) + parts[i + 1]!;
  return NEEDS_TIDYING.test(filled) ? filled.replace(/ {2,}/g, ' ').replace(/ +$/gm, '') : filled;
}

/**
 * Whether the two replacements in fill would change a text: a run of spaces, or a space before a line end (as
 * `$` in a multiline expression finds one) or at the end. Most messages have neither, and batch fills tens of
 * thousands: one search is cheaper than reading them a character at a time.
 */
const NEEDS_TIDYING = / (?:$| |[\n\r\u2028\u2029])/;

// Batch output fills a message for each of tens of thousands of findings from a few templates: each is cut
// into its parts once.
const cut = new Map<string, string[]>();

/**
 * A template as text and placeholder names in turn (text, name, text, …, text), as `/\{([^}]+)\}/g` finds
 * them: a `{` up to the first `}` after it, with at least one character between.
 */
function templateParts(template: string): string[] {
  let parts = cut.get(template);
  if (parts) return parts;
  parts = [];
  let text = 0;
  let open = template.indexOf('{');
  while (open !== -1) {
    const close = template.indexOf('}', open + 1);
    if (close === -1) break;
    if (close === open + 1) {
      open = template.indexOf('{', open + 1);
      continue;
    }
    parts.push(template.slice(text, open), template.slice(open + 1, close));
    text = close + 1;
    open = template.indexOf('{', text);
  }
  parts.push(template.slice(text));
  if (cut.size < 1000) cut.set(template, parts);
  return parts;
}

/** Wraps each paragraph at `width` columns, breaking words longer than a line (URLs, codes) hard. */
export function wrap(text: string, width: number): string {
  if (!Number.isFinite(width) || width <= 0) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  if (line.length <= width) return line;
  // A bullet (-, • or *) or a number: \u2022 is •, escaped as all non-ASCII characters in code are (see scripts/bundle-cli.mjs).
  const indent = /^(\s*(?:[-\u2022*]|\d+\.)?\s*)/.exec(line)?.[1] ?? '';
  const hanging = indent.length < width / 2 ? ' '.repeat(indent.length) : '';
  const out: string[] = [];
  let current = '';
  for (const word of line.slice(indent.length).split(/\s+/).filter(Boolean)) {
    const prefix = out.length === 0 ? indent : hanging;
    const candidate = current === '' ? word : `${current} ${word}`;
    if (prefix.length + candidate.length <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(prefix + current);
    let rest = word;
    const room = width - hanging.length;
    while (hanging.length + rest.length > width) {
      out.push(hanging + rest.slice(0, room));
      rest = rest.slice(room);
    }
    current = rest;
  }
  if (current !== '') out.push((out.length === 0 ? indent : hanging) + current);
  return out.join('\n');
}
