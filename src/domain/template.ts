/** Filling placeholders and wrapping text for narrow receipts. */

/**
 * Replaces `{name}` with vars[name]; an unknown name stays visible rather than vanishing silently. A value
 * left empty on purpose (no loan-menu warning for this operator) leaves no double space or trailing space.
 */
export function fill(template: string, vars: Record<string, string>): string {
  const filled = template.replace(/\{([^}]+)\}/g, (whole, name: string) => vars[name] ?? whole);
  return /\{[^}]+\}/.test(template) ? filled.replace(/ {2,}/g, ' ').replace(/ +$/gm, '') : filled;
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
  const indent = /^(\s*(?:[-•*]|\d+\.)?\s*)/.exec(line)?.[1] ?? '';
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
