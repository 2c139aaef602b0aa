// A progress bar on standard error for long CLI work. Drawn only on a terminal (or when
// CACHET_PROGRESS=1), so piped output and logs stay clean.
import { readProgressForced } from '../config.js';

export interface Progress {
  tick(label: string): void;
  done(): void;
}

const WIDTH = 28;

export function progressBar(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  enabled = stream.isTTY || readProgressForced(process.env),
): Progress {
  let count = 0;
  const started = Date.now();
  const draw = (label: string) => {
    const filled = total === 0 ? WIDTH : Math.round((count / total) * WIDTH);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const name = label.length > 32 ? `…${label.slice(-31)}` : label;
    stream.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${count}/${total} ${seconds}s ${name}`.padEnd(
        90,
      ),
    );
  };
  let drawn = 0;
  return {
    tick(label) {
      count += 1;
      // At most ten redraws a second: a 10,000-card batch must not spend its time on the bar.
      if (!enabled || (Date.now() - drawn < 100 && count < total)) return;
      drawn = Date.now();
      draw(label);
    },
    done() {
      if (enabled) stream.write('\n');
    },
  };
}
