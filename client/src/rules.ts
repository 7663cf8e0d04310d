import * as vscode from 'vscode';

export interface RuleDoc {
  id: string;
  title: string;
  uri: vscode.Uri;
}

/** Lists the rule pages shipped in the extension's docs/rules/*.md (one page per rule id). */
export async function listRuleDocs(extensionUri: vscode.Uri): Promise<RuleDoc[]> {
  const dir = vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return [];
  }
  const docs: RuleDoc[] = [];
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.File || !name.endsWith('.md') || name.toLowerCase() === 'readme.md' || name.toLowerCase() === 'index.md') continue;
    const uri = vscode.Uri.joinPath(dir, name);
    let title = '';
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const heading = /^#\s+(.+)$/m.exec(text);
      title = heading ? heading[1].trim() : '';
    } catch {
      // unreadable page: still offer it by id
    }
    docs.push({ id: name.slice(0, -3), title, uri });
  }
  docs.sort((a, b) => a.id.localeCompare(b.id));
  return docs;
}

/** Accepts a rule id string, a diagnostic code object ({ value }) or a Diagnostic; returns the rule id. */
export function ruleIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (typeof arg === 'number') return String(arg);
  if (arg && typeof arg === 'object') {
    const o = arg as { value?: unknown; code?: unknown };
    if (o.code !== undefined) return ruleIdFromArg(o.code);
    if (o.value !== undefined) return ruleIdFromArg(o.value);
  }
  return undefined;
}

export async function openRuleDocumentation(extensionUri: vscode.Uri, arg?: unknown): Promise<RuleDoc | undefined> {
  const docs = await listRuleDocs(extensionUri);
  const wanted = ruleIdFromArg(arg);
  let pick: RuleDoc | undefined;
  if (wanted !== undefined) {
    pick = docs.find((d) => d.id === wanted);
    if (!pick) {
      void vscode.window.showWarningMessage(`Script Contracts: no documentation for rule "${wanted}".`);
      return undefined;
    }
  } else {
    if (docs.length === 0) {
      void vscode.window.showWarningMessage('Script Contracts: no rule documentation is installed.');
      return undefined;
    }
    const chosen = await vscode.window.showQuickPick(
      docs.map((d) => ({ label: d.id, description: d.title && d.title !== d.id ? d.title : undefined, doc: d })),
      { title: 'Script Contracts: Rule Documentation', placeHolder: 'Pick a rule', matchOnDescription: true },
    );
    pick = chosen?.doc;
  }
  if (pick) await vscode.commands.executeCommand('markdown.showPreview', pick.uri);
  return pick;
}
