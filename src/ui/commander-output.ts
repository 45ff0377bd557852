/** Where Commander writes help and its own messages, and how wide and in what colours it may. */
import { standardError, standardOutput } from '../io/std-streams.js';
import { wantsColor } from './output.js';

/** Help and commander's own messages go out as results and messages do (see io/std-streams.ts): no stream is built for a pipe or a file. */
export function commanderOutput() {
  const [out, err] = [standardOutput(), standardError()];
  return {
    writeOut: (text: string) => void out.write(text),
    writeErr: (text: string) => void err.write(text),
    getOutHelpWidth: () => (out.isTTY && out.columns ? out.columns : 80),
    getErrHelpWidth: () => (err.isTTY && err.columns ? err.columns : 80),
    getOutHasColors: () => wantsColor(out, process.env, undefined),
    getErrHasColors: () => wantsColor(err, process.env, undefined),
  };
}
