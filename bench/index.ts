// `npm run bench [-- hook|ingest|growth|tasks|views|dag|lake]`: every figure is printed as a ratio against a baseline
// measured in the same run, because this machine (and every CI box) is noisy.
const SUITES: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  hook: () => import('./hook.js'),
  ingest: () => import('./ingest.js'),
  growth: () => import('./ingest-growth.js'),
  tasks: () => import('./tasks.js'),
  views: () => import('./views.js'),
  dag: () => import('./dag.js'),
  lake: () => import('./lake.js'),
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const chosen = args.filter((a) => !a.startsWith('-'));
  const flags = args.filter((a) => a.startsWith('-'));
  const names = chosen.length ? chosen : Object.keys(SUITES);
  for (const name of names) {
    const load = SUITES[name];
    if (!load) {
      process.stderr.write(`unknown bench "${name}": choose from ${Object.keys(SUITES).join(', ')}\n`);
      process.exitCode = 2;
      return;
    }
    process.stdout.write(`\n## bench: ${name}\n\n`);
    await (await load()).run(flags);
  }
}

void main();
