/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): where the samples fall by package (self time), the hottest
 * functions, and how much of the run is spent loading modules (samples under a CommonJS `require`), which is the
 * cost lazy requires would remove.
 */

export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileSummary {
  readonly totalSeconds: number;
  /** Samples under a CommonJS require (module loading and top-level module code), inclusive. */
  readonly requireSeconds: number;
  readonly byPackage: { readonly name: string; readonly seconds: number }[];
  readonly topFunctions: { readonly name: string; readonly where: string; readonly seconds: number }[];
}

/** The package a script belongs to: `node_modules/<pkg>`, our compiled code by folder, or a V8/Node category. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (internals)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) {
    const parts = url.slice(dist + '/dist/'.length).split('/');
    return `catalog: ${parts.slice(0, Math.min(2, parts.length - 1)).join('/') || parts[0]}`;
  }
  return url;
}

// `require(x)` in a module runs `require` -> `Module.require` -> `Module._load`; the entry script itself is loaded
// by `Module._load` alone and runs the whole command synchronously inside it, so `Module._load` does not count.
const REQUIRE_FRAMES = new Set(['Module.require', 'require']);

export function summarizeCpuProfile(profile: CpuProfile, top = 10): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const underRequire = new Map<number, boolean>();
  const isUnderRequire = (id: number): boolean => {
    const known = underRequire.get(id);
    if (known !== undefined) return known;
    const frame = byId.get(id)!.callFrame;
    const up = parent.get(id);
    const result = REQUIRE_FRAMES.has(frame.functionName) || (up !== undefined && isUnderRequire(up));
    underRequire.set(id, result);
    return result;
  };

  const selfMicros = new Map<number, number>();
  let requireMicros = 0;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time since the previous sample, i.e. how long the sampled stack was current.
    const delta = profile.timeDeltas[i] ?? 0;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
    if (isUnderRequire(id)) requireMicros += delta;
  });

  const packages = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; micros: number }>();
  for (const [id, micros] of selfMicros) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const pkg = packageOf(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
    const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = functions.get(key) ?? { name: functionName || '(anonymous)', where, micros: 0 };
    entry.micros += micros;
    functions.set(key, entry);
  }
  const seconds = (micros: number) => micros / 1e6;
  return {
    totalSeconds: seconds(profile.endTime - profile.startTime),
    requireSeconds: seconds(requireMicros),
    byPackage: [...packages]
      .map(([name, micros]) => ({ name, seconds: seconds(micros) }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, top),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.micros - a.micros)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, seconds: seconds(f.micros) })),
  };
}
