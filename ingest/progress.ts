// A progress bar for long ingests when stderr is a terminal (cli-progress), nothing otherwise:
// cron logs and --json output stay clean.
import type { Progress } from './contracts';
import { silentProgress } from './contracts';

export async function terminalProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Promise<Progress> {
  if (!enabled || !stream.isTTY) return silentProgress;
  const { SingleBar, Presets } = await import('cli-progress');
  let bar: InstanceType<typeof SingleBar> | null = null;
  return {
    start(label, total) {
      bar?.stop();
      bar = new SingleBar(
        { stream, format: `${label.padEnd(12)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, hideCursor: true, clearOnComplete: true },
        Presets.shades_classic,
      );
      bar.start(Math.max(1, total), 0);
    },
    tick(n = 1) {
      bar?.increment(n);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
