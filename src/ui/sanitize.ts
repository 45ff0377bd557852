/**
 * Text from customers, CSV files and notes reaches the terminal only after its control characters are made
 * visible: an escape sequence in an SN could otherwise move the cursor, rewrite earlier lines or retitle the window.
 */

// C0 except tab and line feed, DEL, and C1 (U+009B alone starts a control sequence on some terminals).
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// The colour codes chalk writes: Select Graphic Rendition, nothing that moves or rewrites.
const SGR_OR_CONTROL = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

const visible = (char: string) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** Replaces control characters with a visible `\xNN`; with `keepColour`, chalk's colour codes stay. */
export function neutraliseControls(text: string, keepColour = false): string {
  if (keepColour) return text.replace(SGR_OR_CONTROL, (match) => (match.length > 1 ? match : visible(match)));
  return text.replace(CONTROLS, visible);
}

/** JSON.stringify escapes C0 but leaves DEL and C1 raw; this escapes them too, keeping the JSON equal. */
export function escapeJsonControls(json: string): string {
  return json.replace(/[\u007F-\u009F]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
