/**
 * `npx sharpness-lab <command>`: dispatches to one module per command and turns every error
 * into a one-line message and an exit code (never a TF.js or wasm stack dump).
 */
import { runDataCheck } from './data-check';
import { runRunCommand } from './run-command';
import { runSharpnessCommand } from './sharpness-command';

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; help: string }>> = {
  'data check': { run: runDataCheck, help: 'verify the CIFAR-10 files and print counts and channel statistics' },
  run: { run: runRunCommand, help: 'run (or reuse, or resume) one experiment from a JSON config' },
  sharpness: { run: runSharpnessCommand, help: 'top-k Hessian eigenvalues of a checkpoint, as JSON' },
};

const USAGE = [
  'usage: sharpness-lab <command> [options]',
  '',
  'commands:',
  ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.help}`),
].join('\n');

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    console.log(USAGE);
    return 0;
  }
  const name = Object.keys(COMMANDS).find((c) => c.split(' ').every((w, i) => argv[i] === w));
  if (!name) {
    console.error(`sharpness-lab: unknown command '${argv.join(' ')}'\n\n${USAGE}`);
    return 2;
  }
  try {
    return await COMMANDS[name].run(argv.slice(name.split(' ').length));
  } catch (err) {
    console.error(`sharpness-lab ${name}: ${(err as Error).message ?? err}`);
    return 1;
  }
}
