import { runCli } from './cli.js';

// The process around the CLI: exit codes and the last word on an unexpected failure.
runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`Hearth stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
