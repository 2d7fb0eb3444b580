// Starts the simulator (the playground with --serve and the given arguments) and resolves what it prints on its first
// line (endpoint, accessKey, secretKey, region, profiles); a simulator that exits or never serves rejects at once.
import { spawn } from 'node:child_process';

export function startSimulator(command, args, cwd) {
  const server = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
  const served = new Promise((resolveServed, reject) => {
    let text = '';
    server.stdout.on('data', chunk => {
      text += chunk;
      // Only a whole line: a chunk may end inside it.
      const found = text.split('\n').slice(0, -1).find(l => l.startsWith('endpoint='));
      if (found) {
        resolveServed(Object.fromEntries(found.trim().split(' ').map(pair => pair.split('='))));
      }
    });
    server.on('exit', code => reject(new Error(`the simulator exited (${code}) before it served`)));
    setTimeout(() => reject(new Error('the simulator did not start within 120 s')), 120_000).unref();
  });
  return { server, served };
}
