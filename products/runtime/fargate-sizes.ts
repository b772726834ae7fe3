/**
 * The task sizes a data engineer can choose. Each is a valid Fargate vCPU/memory combination
 * (AWS Batch user guide, "Fargate compute environments" / ECS task size table):
 * 0.25 vCPU: 0.5-2 GB; 0.5: 1-4 GB; 1: 2-8 GB; 2: 4-16 GB; 4: 8-30 GB; 8: 16-60 GB (4 GB steps); 16: 32-120 GB (8 GB steps).
 * One parameter that names a whole combination makes an invalid pair impossible to launch.
 */
export interface FargateSize {
  /** The AllowedValues entry shown in the console; also the Mappings key. */
  readonly name: string;
  /** Batch ResourceRequirements VCPU value. */
  readonly vcpu: string;
  /** Batch ResourceRequirements MEMORY value, in MiB. */
  readonly memoryMiB: string;
}

const combination = (vcpu: string, memoryGiB: number): FargateSize => ({
  name: `${vcpu}vCPU-${memoryGiB}GB`,
  vcpu,
  memoryMiB: String(memoryGiB * 1024),
});

export const FARGATE_SIZES: FargateSize[] = [
  combination('0.25', 0.5),
  combination('0.25', 1),
  combination('0.25', 2),
  combination('0.5', 1),
  combination('0.5', 2),
  combination('0.5', 4),
  combination('1', 2),
  combination('1', 4),
  combination('1', 8),
  combination('2', 4),
  combination('2', 8),
  combination('2', 16),
  combination('4', 8),
  combination('4', 16),
  combination('4', 30),
  combination('8', 16),
  combination('8', 32),
  combination('8', 60),
  combination('16', 32),
  combination('16', 64),
  combination('16', 120),
];

export const DEFAULT_FARGATE_SIZE = '1vCPU-2GB';

/** True when vCPU and memory form a combination Fargate accepts; used to check the table above. */
export function isValidFargateCombination(vcpu: number, memoryMiB: number): boolean {
  const gib = memoryMiB / 1024;
  const range: Record<number, [number, number, number]> = {
    0.25: [0.5, 2, 0.5],
    0.5: [1, 4, 1],
    1: [2, 8, 1],
    2: [4, 16, 1],
    4: [8, 30, 1],
    8: [16, 60, 4],
    16: [32, 120, 8],
  };
  const r = range[vcpu];
  if (!r) return false;
  const [min, max, step] = r;
  if (gib < min || gib > max) return false;
  // 0.25 vCPU allows 0.5, 1 and 2 GB only.
  if (vcpu === 0.25) return [0.5, 1, 2].includes(gib);
  return Number.isInteger((gib - min) / step) || Number.isInteger(gib / step);
}
