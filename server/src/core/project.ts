// The workspace index: facts per file, plus the declarations derived from
// them (contracts, specs, which script each contract claims, which specs link
// to which contract). Derived data is rebuilt only when a file's declarations
// change; editing a script's body never rebuilds it.
import { basename, dirname, endsWithSegments, join, segmentsOf } from './paths';
import type { LoadedConfig } from './config';
import { classRoles, pythonDeclarations, type ClassRoles } from './declarations';
import type { ContractDecl, FileFacts, PythonFacts, SpecDecl } from './facts';
import type { Finding, Notice } from './model';
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
}

export function entryBase(entryPoint: string): string {
  return basename(entryPoint.replace(/\\/g, '/'));
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

  constructor(
    readonly root: string,
    public rootConfig: LoadedConfig,
  ) {}

  setFile(entry: FileEntry): void {
    const file = entry.file;
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
    const classes = classSignature(entry.facts);
    if ((this.classSignature.get(file) ?? '') !== classes) {
      if (classes) this.classSignature.set(file, classes);
      else this.classSignature.delete(file);
      this.roles = undefined;
    }
  }

  removeFile(file: string): void {
    if (!this.files.delete(file)) return;
    this.filesByBase.get(basename(file))?.delete(file);
    if (this.declSources.delete(file)) this.decls = undefined;
    if (this.classSignature.delete(file)) this.roles = undefined;
    this.fileDecls.delete(file);
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
        : { contracts: facts.contract ? [facts.contract] : [], specs: facts.spec ? [facts.spec] : [] };
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
    for (const file of this.declSources) {
      const f = this.files.get(file)!.facts!;
      const d = this.declarationsOf(file, f, roles);
      if (d.contracts.length) contractsByFile.set(file, d.contracts);
      if (d.specs.length) specsByFile.set(file, d.specs);
      contracts.push(...d.contracts);
      specs.push(...d.specs);
    }
    const contractsById = new Map(contracts.map((c) => [c.id, c]));
    const contractsByEntry = new Map<string, ContractDecl[]>();
    for (const c of contracts) {
      if (!c.entryPoint) continue;
      const b = entryBase(c.entryPoint.value);
      const list = contractsByEntry.get(b) ?? [];
      list.push(c);
      contractsByEntry.set(b, list);
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

  /** Scripts a contract claims: files whose base name matches, narrowed by any directories in entry_point. */
  scriptsOf(contract: ContractDecl): string[] {
    if (!contract.entryPoint) return [];
    const value = contract.entryPoint.value.replace(/\\/g, '/');
    const candidates = [...(this.filesByBase.get(entryBase(value)) ?? [])].filter((f) => f !== contract.file && !this.decls?.declarationFiles.has(f));
    if (candidates.length <= 1) return candidates;
    if (value.includes('/')) {
      const suffix = value.replace(/^\.\//, '');
      const bySuffix = candidates.filter((f) => endsWithSegments(f, suffix));
      if (bySuffix.length) return bySuffix;
    }
    // Same-named scripts in several places: keep those closest to the contract.
    const score = (f: string) => commonPrefixLength(f, contract.file);
    const best = Math.max(...candidates.map(score));
    return candidates.filter((f) => score(f) === best);
  }

  /** Contracts that claim a script file (Python ones first). */
  contractsOf(file: string): ContractDecl[] {
    const d = this.declarations();
    const list = d.contractsByEntry.get(basename(file)) ?? [];
    return list.filter((c) => this.scriptsOf(c).includes(file)).sort((a, b) => (a.format === b.format ? 0 : a.format === 'python' ? -1 : 1));
  }

  /** Base names that some contract's entry_point names; the loader parses these files even when the cheap scan says no. */
  entryPointBases(): ReadonlySet<string> {
    const d = this.declarations();
    return (d.entryPointBases ??= new Set(d.contractsByEntry.keys()));
  }

  check(file: string): Finding[] {
    const entry = this.files.get(file);
    if (!entry) return [];
    return checkFile(this, entry);
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
      if (!facts) return [];
      if (facts.format === 'yaml') return facts.contract ? [facts.contract] : [];
      return pythonDeclarations(file, facts, d.roles).contracts;
    };
    const specsHere = (facts: FileFacts | undefined): SpecDecl[] => {
      if (!facts) return [];
      if (facts.format === 'yaml') return facts.spec ? [facts.spec] : [];
      return pythonDeclarations(file, facts, d.roles).specs;
    };
    // A script: its contracts report unused-* for it.
    for (const c of d.contractsByEntry.get(basename(file)) ?? []) out.add(c.file);
    for (const facts of [before, after]) {
      for (const c of contractsHere(facts)) {
        if (c.entryPoint) {
          const b = entryBase(c.entryPoint.value);
          for (const f of this.filesByBase.get(b) ?? []) out.add(f);
          for (const other of d.contractsByEntry.get(b) ?? []) out.add(other.file);
        }
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
    return out;
  }
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
  if (!facts) return false;
  if (facts.format === 'yaml') return !!(facts.contract || facts.spec);
  return facts.classes.some((c) => c.bases.length) || declaringCalls(facts).length > 0;
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
  if (facts.format === 'yaml') sig = JSON.stringify([facts.contract, facts.spec]);
  else {
    const calls = declaringCalls(facts);
    const classes = facts.classes.filter((c) => c.bases.length).map((c) => [c.name, c.bases, c.fields]);
    sig = JSON.stringify([classes, calls, calls.length ? [facts.functions, facts.imports] : []]);
  }
  signatures.set(facts, sig);
  return sig;
}
