import type { Command } from 'commander';
import { registerAdopt } from './adopt';
import { registerBuild } from './build';
import { registerContract } from './contract';
import { registerCost } from './cost';
import { registerDiff } from './diff';
import { registerDocs } from './docs';
import { registerRelease } from './release';
import { registerStatus } from './status';
import { registerSynth } from './synth';
import { registerUpgrade } from './upgrade';
import { registerVerify } from './verify';

/** Each command lives in its own module and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerBuild, registerSynth, registerDiff, registerRelease, registerStatus, registerCost, registerDocs, registerAdopt, registerUpgrade, registerVerify, registerContract];
