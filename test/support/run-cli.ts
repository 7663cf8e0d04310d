// The CLI through runCli with captured output, run from a given folder.
import { runCli } from '../../server/src/cli/cli';

export async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const before = process.cwd();
  let out = '';
  let err = '';
  process.chdir(cwd);
  try {
    const code = await runCli(
      args,
      (s) => (out += s),
      (s) => (err += s),
    );
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}
