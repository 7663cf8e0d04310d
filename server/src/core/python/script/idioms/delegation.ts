// A script that starts another program: what it hands over (its channels' paths, its environment)
// may be read by code that is not in this file, so its contract's unused-* findings are not proof.
import type { SyntaxNode } from '../../parser';
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
export function startsProgram(w: ScriptWalk, fn: string | undefined, call?: SyntaxNode): boolean {
  // Installing packages (`pip install`, `apt-get`, `conda`) starts a program that reads none of the step's inputs.
  if (fn && STARTS_PROGRAM.test(fn) && !(call && INSTALLS.test(call.text.slice(0, 400)))) w.facts.delegates = true;
  return false;
}

const INSTALLS = /\b(pip3?|apt-get|apt|conda|mamba|yum|npm)\b["',\s]+(install|-m|update)\b|["']-m["'],\s*["']pip["']/;
