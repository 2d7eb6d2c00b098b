/** Bench suite "tasks" (filled in by its area's work). */
export async function run(_flags: string[]): Promise<void> {
  process.stdout.write('not written yet\n');
}
