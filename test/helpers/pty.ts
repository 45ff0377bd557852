import * as pty from 'node-pty';
import { BIN } from './cli.js';

// Strips colours and cursor movement so tests read what a person sees.
const ANSI = /\u001b\[[0-9;?]*[ -\/]*[@-~]|\u001b[()][A-Za-z0-9]|\u001b[=>78]/g;

/** The built CLI in a real pseudo-terminal, as the owner at the counter runs it. */
export class TerminalSession {
  private readonly term: pty.IPty;
  private output = '';
  private consumed = '';
  private keys = 0;
  private prompts = 0;
  readonly exited: Promise<number>;

  constructor(args: string[], env: Record<string, string> = {}) {
    this.term = pty.spawn(process.execPath, [BIN, ...args], {
      cols: 100,
      rows: 40,
      env: { ...(process.env as Record<string, string>), NO_COLOR: '1', TERM: 'xterm', ...env },
    });
    this.term.onData((data) => (this.output += data));
    this.exited = new Promise((resolve) => this.term.onExit(({ exitCode }) => resolve(exitCode)));
  }

  get screen(): string {
    return this.output.replace(ANSI, '');
  }

  /** Waits until the output not yet consumed by an answer contains the text. */
  async waitFor(text: string, timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    while (!this.screen.includes(text)) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${this.screen.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits for the prompt, types the answer and presses Enter. */
  async answer(prompt: string, text: string): Promise<void> {
    await this.waitFor(prompt);
    this.consume(prompt);
    this.count(text + '\r');
    this.term.write(text + '\r');
  }

  /** Waits for the prompt and presses the keys (e.g. arrow down, a list item's number) then Enter. */
  async choose(prompt: string, keys = ''): Promise<void> {
    await this.waitFor(prompt);
    this.consume(prompt);
    this.count(keys + '\r');
    this.term.write(keys);
    await new Promise((r) => setTimeout(r, 50));
    this.term.write('\r');
  }

  /** Prompts answered and keys pressed so far (an arrow key is one key; Enter counts). */
  get counts(): { prompts: number; keystrokes: number } {
    return { prompts: this.prompts, keystrokes: this.keys };
  }

  private count(keys: string): void {
    this.prompts += 1;
    this.keys += keys.replace(KEY_SEQUENCE, 'k').length;
  }

  ctrlC(): void {
    this.term.write('\u0003');
  }

  // Moves output up to and including the prompt into the transcript, so a prompt asked again is awaited afresh.
  private consume(prompt: string): void {
    const screen = this.screen;
    const end = screen.indexOf(prompt) + prompt.length;
    this.consumed += screen.slice(0, end);
    this.output = screen.slice(end);
  }

  /** Everything the session showed. */
  get transcript(): string {
    return this.consumed + this.screen;
  }
}

export const DOWN = '\u001b[B';
// An escape sequence (arrow key) is one key press.
const KEY_SEQUENCE = /\u001b\[[0-9;]*[A-Za-z~]/g;
