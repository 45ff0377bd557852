/** A one-line progress indicator on stderr, shown only on a terminal and only for work that takes a while. */
import type { OutStream } from '../io/std-streams.js';

export interface Progress {
  stop(): void;
}

/** Starts redrawing `render()` after `delayMs`, every `everyMs`; stop() clears the line. Does nothing off a terminal. */
export function startProgress(stream: OutStream, render: () => string, delayMs = 1000, everyMs = 200): Progress {
  if (!stream.isTTY) return { stop() {} };
  let shown = false;
  const draw = () => {
    shown = true;
    stream.write(`\r\u001b[2K${render()}`);
  };
  let interval: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    draw();
    interval = setInterval(draw, everyMs);
    interval.unref();
  }, delayMs);
  timer.unref();
  return {
    stop() {
      clearTimeout(timer);
      if (interval) clearInterval(interval);
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
