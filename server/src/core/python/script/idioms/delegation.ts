// A script that starts another program: what it hands over (its channels' paths, its environment)
// may be read by code that is not in this file, so its contract's unused-* findings are not proof.
import type { ScriptWalk } from '../walk';

const STARTS_PROGRAM =
  /^(subprocess\.(run|Popen|call|check_call|check_output)|os\.(system|popen|exec[a-z]*|spawn[a-z]*|posix_spawn[a-z]*)|Popen|check_call|check_output)$/;

export function words(): string[] {
  return [
    'subprocess',
    'Popen',
    'check_call',
    'check_output',
    'system',
    'popen',
    'execv',
    'execvp',
    'execve',
    'execvpe',
    'execl',
    'execlp',
    'spawnv',
    'spawnl',
    'posix_spawn',
  ];
}

/** `subprocess.run([...])`, `os.execvp(...)`, `os.system(...)`: the script delegates. Never claims the call. */
export function startsProgram(w: ScriptWalk, fn: string | undefined): boolean {
  if (fn && STARTS_PROGRAM.test(fn)) w.facts.delegates = true;
  return false;
}
