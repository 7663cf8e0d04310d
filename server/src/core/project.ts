// The workspace index: facts per file, plus the declarations derived from
// them (contracts, specs, which script each contract claims, which specs link
// to which contract). Derived data is rebuilt only when a file's declarations
// change; editing a script's body never rebuilds it.
import { basename, dirname, endsWithSegments, join, segmentsOf } from './paths';
import type { LoadedConfig } from './config';
import { classRoles, holdsStepRegistry, pythonDeclarations, stepRegistryRows, type ClassRoles, type StepKindDecl } from './declarations';
import { componentProgram, type ProgramResolution } from './components/resolve';
import type { ContractDecl, DockerfileFacts, FileFacts, PythonFacts, SpecDecl } from './facts';
import type { Finding, Location, Notice, TextEdit } from './model';
import { cellLocation, type NotebookPart } from './notebook';
import { checkFile } from './rules';

export interface FileEntry {
  file: string;
  facts?: FileFacts;
  /** Set when the file was not analysed (binary, too large, unreadable). */
  skipped?: string;
  /** True when the cheap scan said the file holds nothing of interest, so it was not parsed. */
  unparsed?: boolean;
  config: LoadedConfig;
  /**
   * Digest of the bytes the facts were read from (host/cache.ts contentDigest);
   * a fix is written only over the same bytes. Undefined for editor buffers,
   * whose edits carry the document version instead.
   */
  digest?: string;
  /** Set on the files made from a notebook (Project.setNotebook): its notebook and which cell each line comes from. */
  notebook?: NotebookPart;
}

/** What Project.setNotebook changed besides the notebook's own files. */
export interface NotebookChange {
  /** Files the notebook no longer writes: what is on disk there (if anything) is the file again. */
  released: string[];
  /** Files another notebook already writes: not taken from it, and why. */
  refused: { file: string; cell: number; message: string }[];
}

export interface Declarations {
  roles: ClassRoles;
  contracts: ContractDecl[];
  specs: SpecDecl[];
  contractsById: Map<string, ContractDecl>;
  /** Script base name → contracts whose entry_point names it. */
  contractsByEntry: Map<string, ContractDecl[]>;
  /** Contract id → specs linked to it. */
  specsByContract: Map<string, SpecDecl[]>;
  /** Spec id → linked contract. */
  contractOfSpec: Map<string, ContractDecl>;
  /** Step type → specs declaring it. */
  specsByStepType: Map<string, SpecDecl[]>;
  /** Files that declare contracts or specs. */
  declarationFiles: Set<string>;
  contractsByFile: Map<string, ContractDecl[]>;
  specsByFile: Map<string, SpecDecl[]>;
  /** The keys of contractsByEntry as a set, made on first use. */
  entryPointBases?: Set<string>;
  /** Step name → the SageMaker step kind a step registry (a Python `STEP_NAMES`-style dict) says it builds. */
  stepKinds: Map<string, StepKindDecl>;
  /** Derived data kept with the declarations it was computed from (the pipeline graph), made on first use. */
  derived: Map<string, unknown>;
}

export function entryBase(entryPoint: string): string {
  return basename(entryPoint.replace(/\\/g, '/'));
}

/** The script base names a contract's entry point can name: a component's module is `mod.py` or `mod/__main__.py`. */
export function entryBasesOf(c: ContractDecl): string[] {
  if (!c.entryPoint) return [];
  const paths = c.component?.programPaths;
  if (paths) return [...new Set(paths.map((p) => basename(p)))];
  return [entryBase(c.entryPoint.value)];
}

export class Project {
  readonly files = new Map<string, FileEntry>();
  /** Python file base name → files with that base name (for entry_point matching). */
  private readonly filesByBase = new Map<string, Set<string>>();
  private decls: Declarations | undefined;
  /** Per-file declarations, reused while the file's facts and the class roles are unchanged. */
  private readonly fileDecls = new Map<string, { facts: FileFacts; roles: ClassRoles; contracts: ContractDecl[]; specs: SpecDecl[] }>();
  /** Class roles, rebuilt only when some file's classes change. */
  private roles: ClassRoles | undefined;
  private readonly classSignature = new Map<string, string>();
  /**
   * Files whose facts may declare contracts or specs. A change in what feeds
   * their declarations (declarationSignature) rebuilds them; the signature is
   * only computed when such a file is replaced, never on a load.
   */
  private readonly declSources = new Set<string>();
  readonly configErrorsByFile = new Map<string, LoadedConfig['errors']>();
  readonly notices: Notice[] = [];
  /** Which files read each environment variable, and whether every read copes with it being unset; rebuilt when a file's env reads change. */
  private envIndex: Map<string, EnvUsage> | undefined;
  private producedIndex: Map<string, string[]> | undefined;
  private readonly envSignature = new Map<string, string>();
  /** Dockerfiles of the workspace (they say where a component's program is). */
  readonly dockerfiles = new Set<string>();
  /**
   * Workspace files that exist though they are not analysed (outside the configuration's include
   * globs, say): a component's program there exists, it is only not checked. Set by the host.
   */
  present: ReadonlySet<string> | undefined;
  /** Bumped when a file appears or goes or a Dockerfile changes: where components' programs are may change. */
  private layoutGeneration = 0;
  private readonly programs = new Map<string, { generation: number; resolution: ProgramResolution }>();
  /** Notebook → the files made from its `%%writefile` cells (its own entry aside). */
  private readonly notebookFiles = new Map<string, string[]>();
  /** Every notebook set (a finding anywhere may point into one: its cells need mapping even when it writes no file). */
  private readonly notebooks = new Set<string>();

  constructor(
    readonly root: string,
    public rootConfig: LoadedConfig,
  ) {}

  /** The file's path inside the workspace (`/`-separated), or the path itself when it is outside. */
  relative(file: string): string {
    const root = this.root.replace(/\/+$/, '');
    return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  }

  setFile(entry: FileEntry): void {
    const file = entry.file;
    if (!this.files.has(file) || entry.facts?.format === 'dockerfile' || this.dockerfiles.has(file)) this.layoutGeneration++;
    if (entry.facts?.format === 'dockerfile') this.dockerfiles.add(file);
    else this.dockerfiles.delete(file);
    if (!this.files.has(file)) {
      const b = basename(file);
      let set = this.filesByBase.get(b);
      if (!set) this.filesByBase.set(b, (set = new Set()));
      set.add(file);
    }
    const before = this.declSources.has(file) ? this.files.get(file)?.facts : undefined;
    this.files.set(file, entry);
    const after = mayDeclare(entry.facts) ? entry.facts : undefined;
    if (after) this.declSources.add(file);
    else this.declSources.delete(file);
    if ((before || after) && (!before || !after || declarationSignature(before) !== declarationSignature(after))) this.decls = undefined;
    const env = envSignatureOf(entry.facts);
    if ((this.envSignature.get(file) ?? '') !== env) {
      if (env) this.envSignature.set(file, env);
      else this.envSignature.delete(file);
      this.envIndex = undefined;
    }
    const classes = classSignature(entry.facts);
    if ((this.classSignature.get(file) ?? '') !== classes) {
      if (classes) this.classSignature.set(file, classes);
      else this.classSignature.delete(file);
      this.roles = undefined;
    }
  }

  removeFile(file: string): void {
    if (!this.files.delete(file)) return;
    this.layoutGeneration++;
    this.dockerfiles.delete(file);
    if (this.envSignature.delete(file)) this.envIndex = undefined;
    this.filesByBase.get(basename(file))?.delete(file);
    if (this.declSources.delete(file)) this.decls = undefined;
    if (this.classSignature.delete(file)) this.roles = undefined;
    this.fileDecls.delete(file);
  }

  /**
   * How the workspace reads each environment variable: by which Python files, and whether every read
   * has a default or a guard. Infrastructure variables (a package index switch every script's helper
   * reads) show as many readers, all defaulted, declared by no contract.
   */
  envUsage(): ReadonlyMap<string, EnvUsage> {
    if (this.envIndex) return this.envIndex;
    const index = new Map<string, EnvUsage>();
    for (const file of this.envSignature.keys()) {
      const facts = this.files.get(file)?.facts;
      if (facts?.format !== 'python') continue;
      for (const r of facts.script.envReads) {
        if (r.via === 'bridge') continue;
        let u = index.get(r.name);
        if (!u) index.set(r.name, (u = { files: [], allDefaulted: true }));
        if (u.files[u.files.length - 1] !== file) u.files.push(file);
        if (!readCopes(r)) u.allDefaulted = false;
      }
    }
    for (const u of index.values()) u.files.sort();
    this.envIndex = index;
    const produced = new Map<string, string[]>();
    for (const file of this.envSignature.keys()) {
      const facts = this.files.get(file)?.facts;
      // A test that builds an environment dict sets nothing for a job.
      if (facts?.format !== 'python' || !facts.envProduced || /(^|\/)(tests?|testing)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(this.relative(file)))
        continue;
      for (const name of facts.envProduced) produced.set(name, [...(produced.get(name) ?? []), file]);
    }
    this.producedIndex = produced;
    return index;
  }

  /** Files whose code puts each variable into a job environment (a config's get_environment_variables). */
  envProducers(): ReadonlyMap<string, string[]> {
    this.envUsage();
    return this.producedIndex!;
  }

  /** Declarations changed since the last call? Cheap check for callers that cache derived results. */
  get declarationsStale(): boolean {
    return this.decls === undefined;
  }

  /** Contracts and specs of one file, recomputed only when its facts or the class roles change. */
  private declarationsOf(file: string, facts: FileFacts, roles: ClassRoles): { contracts: ContractDecl[]; specs: SpecDecl[] } {
    const cached = this.fileDecls.get(file);
    if (cached && cached.facts === facts && cached.roles === roles) return cached;
    const d =
      facts.format === 'python'
        ? pythonDeclarations(file, facts, roles)
        : facts.format === 'yaml'
          ? { contracts: [...(facts.contract ? [facts.contract] : []), ...(facts.components ?? [])], specs: facts.spec ? [facts.spec] : [] }
          : { contracts: [], specs: [] };
    this.fileDecls.set(file, { facts, roles, ...d });
    return d;
  }

  private classRoles(): ClassRoles {
    if (this.roles) return this.roles;
    const pyFacts: PythonFacts[] = [];
    for (const file of this.classSignature.keys()) {
      const f = this.files.get(file)?.facts;
      if (f?.format === 'python') pyFacts.push(f);
    }
    // Class names are a project-wide notion: they come from the workspace root's configuration.
    this.roles = classRoles(pyFacts, this.rootConfig.config);
    return this.roles;
  }

  declarations(): Declarations {
    if (this.decls) return this.decls;
    const roles = this.classRoles();
    const contracts: ContractDecl[] = [];
    const specs: SpecDecl[] = [];
    const contractsByFile = new Map<string, ContractDecl[]>();
    const specsByFile = new Map<string, SpecDecl[]>();
    const stepKinds = new Map<string, StepKindDecl>();
    for (const file of this.declSources) {
      const f = this.files.get(file)!.facts!;
      if (f.format === 'python' && holdsStepRegistry(f))
        for (const row of stepRegistryRows(file, f)) if (!stepKinds.has(row.step)) stepKinds.set(row.step, row);
      const d = this.declarationsOf(file, f, roles);
      if (d.contracts.length) contractsByFile.set(file, d.contracts);
      if (d.specs.length) specsByFile.set(file, d.specs);
      contracts.push(...d.contracts);
      specs.push(...d.specs);
    }
    const contractsById = new Map(contracts.map((c) => [c.id, c]));
    const contractsByEntry = new Map<string, ContractDecl[]>();
    for (const c of contracts) {
      for (const b of entryBasesOf(c)) {
        const list = contractsByEntry.get(b) ?? [];
        list.push(c);
        contractsByEntry.set(b, list);
      }
    }
    const specsByContract = new Map<string, SpecDecl[]>();
    const contractOfSpec = new Map<string, ContractDecl>();
    const specsByStepType = new Map<string, SpecDecl[]>();
    const pythonContractsByName = new Map<string, ContractDecl[]>();
    for (const c of contracts) {
      if (c.format !== 'python') continue;
      const list = pythonContractsByName.get(c.name) ?? [];
      list.push(c);
      pythonContractsByName.set(c.name, list);
    }
    for (const s of specs) {
      const c = this.resolveContract(s, contracts, pythonContractsByName);
      if (c) {
        contractOfSpec.set(s.id, c);
        const list = specsByContract.get(c.id) ?? [];
        list.push(s);
        specsByContract.set(c.id, list);
      }
      if (s.stepType) {
        // A job-type variant ("X_Training") also answers to its base step type ("X").
        const names = new Set([s.stepType.value, s.stepType.value.replace(/_[A-Z][a-z]*$/, '')]);
        for (const name of names) {
          const list = specsByStepType.get(name) ?? [];
          list.push(s);
          specsByStepType.set(name, list);
        }
      }
    }
    const declarationFiles = new Set([...contracts.map((c) => c.file), ...specs.map((s) => s.file)]);
    this.decls = {
      roles,
      contracts,
      specs,
      contractsById,
      contractsByEntry,
      specsByContract,
      contractOfSpec,
      specsByStepType,
      declarationFiles,
      contractsByFile,
      specsByFile,
      stepKinds,
      derived: new Map(),
    };
    return this.decls;
  }

  private resolveContract(spec: SpecDecl, contracts: ContractDecl[], pythonContractsByName: Map<string, ContractDecl[]>): ContractDecl | undefined {
    const ref = spec.contractRef;
    if (!ref) return undefined;
    if (spec.format === 'yaml') return contracts.find((c) => c.file === spec.file && c.format === 'yaml');
    const named = pythonContractsByName.get(ref.name) ?? [];
    if (named.length <= 1) return named[0];
    // Several contracts share the name: prefer the file the import points at.
    if (ref.module !== undefined) {
      const modulePath = ref.module.split('.').join('/') + '.py';
      if (ref.level) {
        let dir = dirname(spec.file);
        for (let i = 1; i < ref.level; i++) dir = dirname(dir);
        const target = join(dir, modulePath);
        const exact = named.find((c) => c.file === target);
        if (exact) return exact;
      }
      const bySuffix = named.find((c) => endsWithSegments(c.file, modulePath));
      if (bySuffix) return bySuffix;
    }
    const same = named.find((c) => c.file === spec.file);
    return same ?? named[0];
  }

  /**
   * Scripts a contract claims: files whose base name matches, narrowed by any directories in entry_point
   * (the closest to the contract when several match), plus same-named copies elsewhere (vendored copies of
   * the script) that read or wire at least one name the contract declares. A same-named file that shares
   * nothing with the contract is another step's script, not a copy, and stays unclaimed.
   */
  scriptsOf(contract: ContractDecl): string[] {
    if (contract.component) {
      const file = this.programOf(contract).file;
      return file ? [file] : [];
    }
    if (!contract.entryPoint) return [];
    const value = contract.entryPoint.value.replace(/\\/g, '/');
    const candidates = [...(this.filesByBase.get(entryBase(value)) ?? [])].filter((f) => f !== contract.file && !this.decls?.declarationFiles.has(f));
    const ref = contract.scriptRef;
    if (ref) {
      // The declaration says where the script is: that file, or nothing (never a guess by base name).
      if (ref.path !== undefined) return candidates.filter((f) => f === ref.path);
      if (ref.suffix !== undefined) {
        const bySuffix = candidates.filter((f) => endsWithSegments(f, ref.suffix!.replace(/^\.\//, '')));
        return bySuffix.length === 1 ? bySuffix : [];
      }
      return candidates.length === 1 ? candidates : [];
    }
    if (candidates.length <= 1) return candidates;
    let primary: string[] | undefined;
    if (contract.sourceDir) {
      // The entry point inside the step's source folder: its last segments name the file.
      const inSource = `${contract.sourceDir.replace(/^\.\//, '').replace(/\/+$/, '')}/${value.replace(/^\.\//, '')}`;
      const bySource = candidates.filter((f) => endsWithSegments(f, inSource));
      if (bySource.length) primary = bySource;
    }
    if (!primary && value.includes('/')) {
      const suffix = value.replace(/^\.\//, '');
      const bySuffix = candidates.filter((f) => endsWithSegments(f, suffix));
      if (bySuffix.length) primary = bySuffix;
    }
    if (!primary) {
      // Same-named scripts in several places: the closest to the contract is the one it runs.
      const score = (f: string) => commonPrefixLength(f, contract.file);
      const best = Math.max(...candidates.map(score));
      primary = candidates.filter((f) => score(f) === best);
    }
    const copies = candidates.filter((f) => !primary.includes(f) && this.sharesNames(f, contract));
    // The script the contract runs comes first: contract rules judge use by it.
    return copies.length ? [...primary, ...copies] : primary;
  }

  /**
   * Where a component's program is in the workspace (its code folder joined with the program; for
   * Kubeflow, the container path through the Dockerfiles), or why it is not found.
   */
  programOf(contract: ContractDecl): ProgramResolution {
    const known = this.programs.get(contract.id);
    if (known && known.generation === this.layoutGeneration) return known.resolution;
    const resolution = componentProgram(contract, {
      exists: (f) => this.files.has(f) || !!this.present?.has(f),
      dockerfiles: () =>
        [...this.dockerfiles].flatMap((f) =>
          this.files.get(f)?.facts?.format === 'dockerfile' ? [{ file: f, facts: this.files.get(f)!.facts as DockerfileFacts }] : [],
        ),
      filesUnder: (dir) => {
        const out: string[] = [];
        for (const f of this.files.keys()) if (isInside(f, dir)) out.push(f);
        if (this.present) for (const f of this.present) if (!this.files.has(f) && isInside(f, dir)) out.push(f);
        return out.sort();
      },
      inWorkspace: (dir) => dir === this.root || isInside(dir, this.root),
    });
    this.programs.set(contract.id, { generation: this.layoutGeneration, resolution });
    return resolution;
  }

  /** Does the script read or wire a channel, or read an env var, that the contract declares? */
  private sharesNames(file: string, contract: ContractDecl): boolean {
    const facts = this.files.get(file)?.facts;
    if (facts?.format !== 'python') return false;
    const s = facts.script;
    const channels = new Set([...contract.inputs, ...contract.outputs].map((c) => c.name));
    if (s.channelReads.some((r) => channels.has(r.key)) || s.wiring.some((w) => channels.has(w.key))) return true;
    const env = new Set([...contract.requiredEnv, ...contract.optionalEnv].map((e) => e.name));
    return s.envReads.some((r) => env.has(r.name));
  }

  /**
   * Contracts that claim a script file (Python ones first). A contract whose entry_point matches no file
   * also claims a script named like the contract's own file (`<stem>_contract.py`, `<stem>.step.yaml` →
   * `<stem>.py`): the entry point is stale, and the pair is still worth checking.
   */
  contractsOf(file: string): ContractDecl[] {
    const d = this.declarations();
    const b = basename(file);
    const list = (d.contractsByEntry.get(b) ?? []).filter((c) => this.scriptsOf(c).includes(file));
    for (const c of this.contractsByStem().get(b) ?? []) {
      if (!list.includes(c) && !this.scriptsOf(c).length && this.conventionalScriptsOf(c).includes(file)) list.push(c);
    }
    if (!list.length) list.push(...this.referencedContracts(file));
    // Contract classes first (Python, then step.yaml), components last: script rules judge a script by the first.
    const rank = (c: ContractDecl) => (c.component ? 2 : c.format === 'python' ? 0 : 1);
    return list.sort((a, b) => rank(a) - rank(b));
  }

  /**
   * Contracts a script hands to accessor helpers or enforcers (`get_input_path(X_CONTRACT, "K")`),
   * resolved through its imports; a name several contracts share is narrowed by the import's module.
   */
  private referencedContracts(file: string): ContractDecl[] {
    const facts = this.files.get(file)?.facts;
    if (facts?.format !== 'python' || !facts.script.contractRefs) return [];
    const d = this.declarations();
    const out: ContractDecl[] = [];
    for (const ref of facts.script.contractRefs) {
      const imp = facts.imports.find((i) => i.local === ref);
      const name = imp?.imported ?? ref;
      let named = d.contracts.filter((c) => c.format === 'python' && c.name === name);
      if (named.length > 1 && imp?.module) {
        const modulePath = `${imp.module.split('.').join('/')}.py`;
        const exact = named.filter((c) => endsWithSegments(c.file, modulePath));
        if (exact.length) named = exact;
      }
      if (named[0] && !out.includes(named[0])) out.push(named[0]);
    }
    return out;
  }

  /** Script base name (`<stem>.py`) → contracts declared in a file named for that stem. */
  private contractsByStem(): Map<string, ContractDecl[]> {
    const d = this.declarations() as Declarations & { byStem?: Map<string, ContractDecl[]> };
    if (d.byStem) return d.byStem;
    const out = new Map<string, ContractDecl[]>();
    for (const c of d.contracts) {
      const stem = conventionalStem(c.file);
      if (!stem) continue;
      const list = out.get(`${stem}.py`) ?? [];
      list.push(c);
      out.set(`${stem}.py`, list);
    }
    d.byStem = out;
    return out;
  }

  /**
   * Scripts named for the file that declares the contract, closest first; declaration files and the
   * contract's own file never count. Used only when entry_point matches nothing.
   */
  conventionalScriptsOf(contract: ContractDecl): string[] {
    const stem = conventionalStem(contract.file);
    if (!stem) return [];
    const d = this.declarations();
    const candidates = [...(this.filesByBase.get(`${stem}.py`) ?? [])].filter((f) => f !== contract.file && !d.declarationFiles.has(f));
    return candidates.sort((a, b) => commonPrefixLength(b, contract.file) - commonPrefixLength(a, contract.file) || (a < b ? -1 : 1));
  }

  /** Base names of the workspace's scripts: Python files with an entry block that declare nothing. */
  scriptBaseNames(): string[] {
    const d = this.declarations();
    const out: string[] = [];
    for (const [b, files] of this.filesByBase) {
      if (!b.endsWith('.py') || /^(test_|conftest)/.test(b)) continue;
      const isScript = (f: string) => {
        const facts = this.files.get(f)?.facts;
        return !d.declarationFiles.has(f) && facts?.format === 'python' && facts.script.mainBlock !== undefined;
      };
      if ([...files].some(isScript)) out.push(b);
    }
    return out.sort();
  }

  /** Files with this base name that declare nothing, sorted. */
  filesNamed(base: string): string[] {
    const d = this.declarations();
    return [...(this.filesByBase.get(base) ?? [])].filter((f) => !d.declarationFiles.has(f)).sort();
  }

  /**
   * Base names that some contract's entry_point names, or that a contract file is named for
   * (`<stem>.py`); the loader parses these files even when the cheap scan says no.
   */
  entryPointBases(): ReadonlySet<string> {
    const d = this.declarations();
    return (d.entryPointBases ??= new Set([...d.contractsByEntry.keys(), ...this.contractsByStem().keys()]));
  }

  check(file: string): Finding[] {
    const entry = this.files.get(file);
    if (!entry) return [];
    const findings = checkFile(this, entry);
    return this.notebooks.size ? findings.map((f) => this.inCells(f)) : findings;
  }

  /**
   * Sets a notebook's files: its own entry (the code cells, named by its path)
   * and one per `%%writefile` target. A target is the notebook's even where a
   * file of that path is on disk: running the notebook overwrites it, so the
   * cell is its source (the disk file's entry is replaced; `released` names the
   * targets it no longer writes, for the host to read from disk again). A
   * target another notebook writes stays that notebook's.
   */
  setNotebook(own: FileEntry, sources: readonly FileEntry[]): NotebookChange {
    const notebook = own.file;
    const before = this.notebookFiles.get(notebook) ?? [];
    const refused: NotebookChange['refused'] = [];
    const taken: string[] = [];
    for (const e of sources) {
      const owner = this.files.get(e.file)?.notebook?.notebook;
      if (owner !== undefined && owner !== notebook) {
        const cell = e.notebook?.segments[0]?.cell ?? 0;
        refused.push({ file: e.file, cell, message: `${basename(owner)} writes ${basename(e.file)} too; it is checked there` });
        continue;
      }
      this.setFile(e);
      taken.push(e.file);
    }
    const released = before.filter((f) => !taken.includes(f));
    for (const f of released) this.removeFile(f);
    if (taken.length) this.notebookFiles.set(notebook, taken);
    else this.notebookFiles.delete(notebook);
    this.setFile(own);
    this.notebooks.add(notebook);
    return { released, refused };
  }

  /** Forgets a notebook and the files it wrote; returns those (see setNotebook's `released`). */
  removeNotebook(notebook: string): string[] {
    const released = this.notebookFiles.get(notebook) ?? [];
    for (const f of released) this.removeFile(f);
    this.notebookFiles.delete(notebook);
    this.notebooks.delete(notebook);
    this.removeFile(notebook);
    return released;
  }

  /** The files made from a notebook: its own path first, then its `%%writefile` targets. */
  filesOfNotebook(notebook: string): string[] {
    return this.files.get(notebook)?.notebook ? [notebook, ...(this.notebookFiles.get(notebook) ?? [])] : [];
  }

  /** Is this file made from a notebook's `%%writefile` cell (so that the file on disk of that path is not read)? */
  writtenByNotebook(file: string): boolean {
    return this.files.get(file)?.notebook?.role === 'writefile';
  }

  /** Where a range of a file is in a notebook's cells, when the file is made from one. */
  cellOf(file: string, range: Location['range']): Location['cell'] {
    const part = this.files.get(file)?.notebook;
    if (!part?.segments.length) return undefined;
    return cellLocation(part, this.files.get(part.notebook)?.notebook, range);
  }

  /** A finding with its cell locations (its own, its related locations', its fix edits'). */
  private inCells(f: Finding): Finding {
    const at = <T extends { file: string; range: Location['range'] }>(x: T): T => {
      const cell = this.cellOf(x.file, x.range);
      return cell ? { ...x, cell } : x;
    };
    const cell = this.cellOf(f.file, f.range);
    const related = f.related.map((r) => ({ ...r, location: at(r.location) }));
    const fixes = f.fixes.map((x) => ({ ...x, edits: x.edits.map((e: TextEdit) => at(e)) }));
    return cell ? { ...f, cell, related, fixes } : { ...f, related, fixes };
  }

  checkAll(): Map<string, Finding[]> {
    const out = new Map<string, Finding[]>();
    for (const file of this.files.keys()) {
      const findings = this.check(file);
      if (findings.length) out.set(file, findings);
    }
    return out;
  }

  /**
   * Files whose findings may change when `file` changes from `before` to its
   * current facts. Always includes the file itself.
   */
  dependents(file: string, before: FileFacts | undefined): Set<string> {
    const out = new Set<string>([file]);
    const d = this.declarations();
    const after = this.files.get(file)?.facts;
    const contractsHere = (facts: FileFacts | undefined): ContractDecl[] => {
      if (!facts || facts.format === 'dockerfile') return [];
      if (facts.format === 'yaml') return [...(facts.contract ? [facts.contract] : []), ...(facts.components ?? [])];
      return pythonDeclarations(file, facts, d.roles).contracts;
    };
    const specsHere = (facts: FileFacts | undefined): SpecDecl[] => {
      if (!facts || facts.format === 'dockerfile') return [];
      if (facts.format === 'yaml') return facts.spec ? [facts.spec] : [];
      return pythonDeclarations(file, facts, d.roles).specs;
    };
    // A Dockerfile decides where Kubeflow components' programs are: they and their programs may change.
    if (before?.format === 'dockerfile' || after?.format === 'dockerfile') {
      for (const c of d.contracts) {
        if (c.component?.source !== 'kubeflow') continue;
        out.add(c.file);
        for (const b of entryBasesOf(c)) for (const f of this.filesByBase.get(b) ?? []) out.add(f);
      }
    }
    // A script: its contracts report unused-* for it.
    for (const c of d.contractsByEntry.get(basename(file)) ?? []) out.add(c.file);
    for (const c of this.contractsByStem().get(basename(file)) ?? []) out.add(c.file);
    // A Python file appearing or going can change which entry points are missing and their nearest names.
    if (!before !== !after && file.endsWith('.py')) for (const c of d.contracts) if (c.entryPoint && !this.scriptsOf(c).length) out.add(c.file);
    // Whether a variable is infrastructure depends on every script that reads it.
    if (envSignatureOf(before) !== envSignatureOf(after)) {
      const usage = this.envUsage();
      for (const facts of [before, after]) {
        if (facts?.format !== 'python') continue;
        for (const r of facts.script.envReads) for (const f of usage.get(r.name)?.files ?? []) out.add(f);
        for (const name of facts.envProduced ?? []) for (const f of usage.get(name)?.files ?? []) out.add(f);
      }
    }
    for (const facts of [before, after]) {
      for (const c of contractsHere(facts)) {
        for (const b of entryBasesOf(c)) {
          for (const f of this.filesByBase.get(b) ?? []) out.add(f);
          for (const other of d.contractsByEntry.get(b) ?? []) out.add(other.file);
        }
        for (const f of this.conventionalScriptsOf(c)) out.add(f);
        for (const [f, e] of this.files) if (e.facts?.format === 'python' && e.facts.script.contractRefs) out.add(f);
        for (const s of d.specsByContract.get(`${file}#${c.name}`) ?? []) out.add(s.file);
        // Specs that name this contract but did not resolve before.
        for (const s of d.specs) if (s.contractRef?.name === c.name) out.add(s.file);
      }
      for (const s of specsHere(facts)) {
        const c = d.contractOfSpec.get(s.id);
        if (c) out.add(c.file);
        if (s.contractRef) for (const c2 of d.contracts) if (c2.name === s.contractRef.name) out.add(c2.file);
      }
    }
    // The pipeline graph: a spec's step type and outputs feed other specs' findings, and a step registry
    // gives steps their kinds. Only when what the graph is built from changed, never for an edit that keeps it.
    const feedsGraph = (facts: FileFacts | undefined) => !!facts && (specsHere(facts).length > 0 || (facts.format === 'python' && holdsStepRegistry(facts)));
    if ((feedsGraph(before) || feedsGraph(after)) && (!before || !after || declarationSignature(before) !== declarationSignature(after))) {
      for (const f of d.specsByFile.keys()) out.add(f);
    }
    return out;
  }
}

export interface EnvUsage {
  /** Python files reading the variable (through os.environ/getenv), sorted. */
  files: string[];
  /** Every read has a real default or a guard. */
  allDefaulted: boolean;
}

/** Does a read cope with the variable being unset: a default that is not None, or a membership test? */
export function readCopes(r: { hasDefault?: true; defaultText?: string; guarded?: true }): boolean {
  return !!r.guarded || (!!r.hasDefault && r.defaultText !== 'None');
}

function envSignatureOf(facts: FileFacts | undefined): string {
  if (facts?.format !== 'python' || (!facts.script.envReads.length && !facts.envProduced)) return '';
  const reads = facts.script.envReads.map((r) => `${r.name}${readCopes(r) ? '+' : '-'}${r.via === 'bridge' ? 'b' : ''}`).join(',');
  return facts.envProduced ? `${reads}|${facts.envProduced.join(',')}` : reads;
}

/** The script stem a declaration file is named for: `x_contract.py`, `x.step.yaml`, `x.step.yml` → `x`. */
function conventionalStem(file: string): string | undefined {
  const m = /^(.+?)(?:_contract\.py|\.step\.ya?ml)$/.exec(basename(file));
  return m?.[1];
}

/** Is the file inside the folder (at any depth)? */
function isInside(file: string, dir: string): boolean {
  const d = dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}${dir.includes('\\') && !dir.includes('/') ? '\\' : '/'}`;
  return file.startsWith(d);
}

function commonPrefixLength(a: string, b: string): number {
  const pa = segmentsOf(a);
  const pb = segmentsOf(b);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return i;
}

/** What in a file's facts can change which classes are contracts or specs. */
function classSignature(facts: FileFacts | undefined): string {
  if (facts?.format !== 'python') return '';
  // Subclasses (by their bases) and base classes themselves (by name: their fields feed unknown-keyword).
  const classes = facts.classes.filter((c) => c.bases.length || /(Contract|Spec|Specification)$/.test(c.name)).map((c) => [c.name, c.bases, c.fields]);
  return classes.length ? JSON.stringify(classes) : '';
}

/** Module-level calls that can instantiate a class (a capitalised callee): only those can be contracts or specs. */
function declaringCalls(facts: PythonFacts) {
  return facts.assignments.filter((a) => a.value.kind === 'call' && /^[A-Z]/.test(a.value.callee.split('.').pop()!));
}

/** Can these facts declare a contract or spec (or a class that changes what does)? */
function mayDeclare(facts: FileFacts | undefined): facts is FileFacts {
  if (!facts || facts.format === 'dockerfile') return false;
  if (facts.format === 'yaml') return !!(facts.contract || facts.spec || facts.components?.length);
  return (
    facts.classes.some((c) => c.bases.length) || declaringCalls(facts).length > 0 || holdsStepRegistry(facts) || !!facts.componentCalls?.length || !!facts.sdk
  );
}

const signatures = new WeakMap<FileFacts, string>();

/**
 * What in a file's facts can change the declarations: classes and module-level
 * calls. Scripts' other module-level calls stay out, so that typing in a script
 * never rebuilds the declarations. Memoised per facts object: the server compares
 * the signature of the replaced facts with the new one on every edit.
 */
function declarationSignature(facts: FileFacts): string {
  let sig = signatures.get(facts);
  if (sig !== undefined) return sig;
  if (facts.format === 'yaml') sig = JSON.stringify([facts.contract, facts.spec, facts.components]);
  else if (facts.format === 'dockerfile') sig = '';
  else {
    const calls = declaringCalls(facts);
    const classes = facts.classes.filter((c) => c.bases.length).map((c) => [c.name, c.bases, c.fields]);
    const registry = holdsStepRegistry(facts) ? stepRegistryRows('', facts).map((r) => [r.step, r.kind]) : [];
    sig = JSON.stringify([classes, calls, calls.length ? [facts.functions, facts.imports] : [], registry, facts.componentCalls ?? [], facts.sdk ?? null]);
  }
  signatures.set(facts, sig);
  return sig;
}
