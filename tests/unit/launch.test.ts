// `npm start` runs the server with the memory settings in package.json "config"; the bench reads
// them from there too (serverLaunch): what the bench measures is what production runs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverLaunch } from '../../bench/lib/app-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  config: Record<string, string>;
};

describe('how the server is launched', () => {
  it('npm start passes the configured node flags and allocator setting to the server', () => {
    expect(pkg.scripts.start).toContain(
      'MALLOC_ARENA_MAX=$npm_package_config_server_malloc_arena_max exec node $npm_package_config_server_node_flags dist/node/server/main.js',
    );
  });

  it('this node accepts the flags, and they bound the heap as intended', () => {
    const { nodeArgs } = serverLaunch(ROOT);
    const run = spawnSync(
      process.execPath,
      [...nodeArgs, '-p', "JSON.stringify(require('node:v8').getHeapStatistics().heap_size_limit)"],
      // Without NODE_OPTIONS: the flags alone, and nothing else on stderr.
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    );
    expect(run.stderr).toBe('');
    const limitMb = Number(run.stdout.trim()) / 1024 / 1024;
    // The old space's 1,024 MB plus the young generation's share: not node's default of ~4 GB here.
    expect(limitMb).toBeGreaterThanOrEqual(1024);
    expect(limitMb).toBeLessThan(1100);
  });
});
