// A throwaway PostgreSQL cluster for the tests and the bench: initdb in a temp dir (as the
// `postgres` user when we are root: the server refuses to run as root), listening on 127.0.0.1
// and a free port only, trust auth (loopback, torn down after), fsync off unless asked (nothing
// here must survive a crash). Found in PATH or /usr/lib/postgresql/*/bin (Debian's layout).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Cluster {
  url: string;
  stop(): void;
}

/** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  const inPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (inPath) return path.dirname(inPath);
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

/** Why no cluster can be started here, or null when one can. */
export function whyNoCluster(): string | null {
  if (!findPostgresBin()) return 'PostgreSQL is not installed (no initdb in PATH or /usr/lib/postgresql/*/bin); install it (Debian: apt-get install postgresql) or set AGENTDAG_TEST_PG_URL';
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root and there is no `postgres` user to run the server as';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startCluster(opts: { durable?: boolean } = {}): Promise<Cluster> {
  const bin = findPostgresBin();
  const why = whyNoCluster();
  if (!bin || why) throw new Error(why ?? 'no PostgreSQL');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  const settings = [`-c listen_addresses=127.0.0.1`, `-p ${port}`, `-c unix_socket_directories=${dir}`, '-c max_connections=200', ...(opts.durable ? ['-c synchronous_commit=off'] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'])];
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', settings.join(' '), '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
