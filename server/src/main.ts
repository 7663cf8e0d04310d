// One executable, two faces: `script-contracts check|rule` (CLI) and
// `script-contracts server` (language server over stdio or node IPC).
import { runCli } from './cli/cli';

export async function main(argv: string[]): Promise<number | undefined> {
  if (argv[0] === 'server') {
    const { startServer } = await import('./lsp/server.js');
    startServer();
    return undefined; // the connection keeps the process alive
  }
  return runCli(argv);
}

// Started directly (node dist/server.js …), e.g. by the VS Code client over IPC.
if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (typeof code === 'number') process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`script-contracts: internal error: ${err?.stack ?? err}\n`);
      process.exit(2);
    },
  );
}
