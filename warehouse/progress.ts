// Progress of long work (a TTY progress bar in the CLI, nothing elsewhere). Declared here so the
// model build can report without knowing who listens.
export interface Progress {
  start(label: string, total: number): void;
  tick(n?: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };
