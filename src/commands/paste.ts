/** `pulsa paste`: read a supplier's reply (stdin or a multi-line prompt) and show the transaction fields it gives. */
import { loadSupplierGrammar, loadOperatorTable } from '../data/load.js';
import type { Translate } from '../domain/messages.js';
import { isRecognised, MAX_REPLY_LENGTH, parseSupplierReply, REPLY_FIELDS, type ParsedReply } from '../domain/supplier-reply.js';
import { EXIT, PulsaError } from '../errors.js';
import { readTextInput } from '../io/read-input.js';
import { Interrupted } from '../ui/prompts.js';
import { promptPastedText } from '../ui/paste-prompt.js';
import type { CommandContext } from './context.js';

export interface PasteOptions {
  json?: boolean;
  input?: boolean;
}

export async function runPaste(file: string | undefined, options: PasteOptions, ctx: CommandContext): Promise<number> {
  const text = await readReply(file, options.input !== false, ctx);
  const reply = readSupplierReply(text);
  if (options.json) {
    const format = loadSupplierGrammar().formats.find((f) => f.id === reply.format);
    ctx.out.json({ ...reply, confidence: format?.confidence ?? null });
    return EXIT.ok;
  }
  for (const line of describeReply(reply, ctx.t)) ctx.out.print(line);
  return EXIT.ok;
}

/**
 * The reply text: from a file, from stdin when it is not a terminal (or `-`), else from the paste prompt.
 * Never waits on a terminal when prompting is off.
 */
export async function readReply(source: string | undefined, mayPrompt: boolean, ctx: CommandContext): Promise<string> {
  let text: string;
  if (source && source !== '-') text = await readFileReply(source);
  else if (source === '-' || process.stdin.isTTY !== true) text = await readTextInput('-');
  else if (!mayPrompt || ctx.out.stderr.isTTY !== true) throw new PulsaError('error.noTty', {}, EXIT.input);
  else {
    try {
      text = await promptPastedText(ctx.t('paste.prompt'));
    } catch (error) {
      if (error instanceof Interrupted) throw new PulsaError('case.interruptedNothing', {}, EXIT.interrupted);
      throw error;
    }
  }
  if (text.trim() === '') throw new PulsaError('error.pasteEmpty', {}, EXIT.input);
  if (text.length > MAX_REPLY_LENGTH) throw new PulsaError('error.pasteTooLong', { max: MAX_REPLY_LENGTH }, EXIT.input);
  return text;
}

async function readFileReply(path: string): Promise<string> {
  try {
    return await readTextInput(path);
  } catch (error) {
    throw new PulsaError('error.pasteFile', { source: path, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, EXIT.input);
  }
}

/** Parses the reply; text with neither a status nor a number is refused, naming what was found. */
export function readSupplierReply(text: string): ParsedReply {
  const reply = parseSupplierReply(text, loadSupplierGrammar(), loadOperatorTable());
  if (!isRecognised(reply)) {
    const found = Object.keys(reply.fields);
    throw new PulsaError('error.pasteUnrecognised', { found: found.length ? found.join(', ') : '-' }, EXIT.input);
  }
  return reply;
}

/** What was read, one field a line, then what could not be used and what the reply did not say. */
export function describeReply(reply: ParsedReply, t: Translate): string[] {
  const lines = [t('paste.read', { format: reply.format })];
  for (const field of REPLY_FIELDS) {
    const value = reply.fields[field];
    if (value === undefined) continue;
    lines.push(`  ${t(`reply.field.${field}`)}: ${value === '' ? t('paste.empty') : value}`);
  }
  for (const [field, value] of Object.entries(reply.unreadable)) lines.push(t('paste.unreadable', { field: t(`reply.field.${field}`), value }));
  if (reply.missing.length) lines.push(t('paste.missing', { fields: reply.missing.map((f) => t(`reply.field.${f}`)).join(', ') }));
  return lines;
}
