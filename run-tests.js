/**
 * `npm test`: the type check (`npm run typecheck`: tsc, strict, incremental), ESLint and jest, each once and side by
 * side; it fails when any of them fails, after all three are done, so one run reports type errors, lint errors and
 * failing tests together. Side by side because tsc and ESLint are single-threaded and jest's last long test files
 * leave a core idle. The output of tsc and ESLint is shown after jest's, not interleaved with it. Arguments go to jest
 * (`npm test -- test/verify`).
 */
const { spawn } = require('child_process');
const path = require('path');

const bin = (name) => path.join(__dirname, 'node_modules', '.bin', name);
const steps = [
  { name: 'typecheck', command: bin('tsc'), args: ['-b', 'tsconfig.typecheck.json'], buffered: true },
  { name: 'lint', command: bin('eslint'), args: ['.'], buffered: true },
  { name: 'jest', command: bin('jest'), args: process.argv.slice(2), buffered: false },
];

const started = Date.now();
const runs = steps.map(
  (step) =>
    new Promise((resolve) => {
      const output = [];
      const child = spawn(step.command, step.args, { cwd: __dirname, stdio: step.buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
      if (step.buffered) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => output.push(chunk));
      child.on('error', (error) => resolve({ step, code: 1, output: [Buffer.from(`${error.message}\n`)], seconds: 0 }));
      child.on('close', (code, signal) => resolve({ step, code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }));
    }),
);

void Promise.all(runs).then((results) => {
  for (const { step, output } of results) if (output.length) process.stdout.write(`\n${step.name}:\n${Buffer.concat(output).toString()}`);
  const summary = results.map(({ step, code, seconds }) => `${step.name} ${code === 0 ? 'ok' : `FAILED (exit ${code})`} ${seconds.toFixed(1)} s`);
  process.stdout.write(`\nnpm test: ${summary.join(', ')}\n`);
  process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
});
