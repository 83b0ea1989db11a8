/**
 * The fuzzing properties, shared by the slice in the test suite (fuzz.test.ts) and the full
 * campaign (`npm run fuzz`, runner.ts): which inputs each one draws and what it checks on them.
 */
import fc from 'fast-check';
import { createLanguageService, type LanguageService } from '../../server/src/languageService';
import {
  ENV_VALUES, generatedAnalysisCase, generatedConfig, mutatedAnalysisCase, mutatedSeed, rawAnalysisCase, rawText, type AnalysisCase,
} from './arbitraries';
import { memoryEnvironment } from './memoryEnvironment';
import { checkAnalysis, checkFastReader, checkParse, checkRoundTrip, PropertyViolation, type FastReaderOutcome, type RoundTripOutcome } from './properties';
import { loadSeeds, type SeedSet } from './seeds';
import { checkEditChain, editChains, emptyChainCounts } from './incremental';

/**
 * A single input taking longer than this is reported as a hang. It is a hang detector, not a
 * speed check: the inputs are a few kilobytes and take milliseconds; the bound is generous enough
 * for a loaded shared machine.
 */
export const HANG_LIMIT_MS = 15_000;

export interface Counters {
  inputs: number;
  /** Round-trip outcomes of the parsed inputs. */
  sameTree: number;
  hasErrors: number;
  unprintable: number;
  /** Parsed inputs the fast reader took (and built the state machine's very tree for). */
  fastReader: number;
  /** Largest input (UTF-16 units) and slowest input (ms). */
  longestInput: number;
  slowestMs: number;
  /** Typing chains: edits that changed the text, and those whose analysis reused the tree / the resolution. */
  changedEdits: number;
  treeReused: number;
  resolutionReused: number;
}

export function emptyCounters(): Counters {
  return { inputs: 0, sameTree: 0, hasErrors: 0, unprintable: 0, fastReader: 0, longestInput: 0, slowestMs: 0, changedEdits: 0, treeReused: 0, resolutionReused: 0 };
}

export interface CampaignContext {
  seeds: SeedSet;
  service: LanguageService;
  counters: Counters;
  /** Told about each input before it is checked (the campaign's watchdog keeps the last one). */
  onInput?: (text: string) => void;
}

export function createContext(onInput?: (text: string) => void): CampaignContext {
  const seeds = loadSeeds();
  return { seeds, service: createLanguageService(memoryEnvironment(seeds.files, ENV_VALUES)), counters: emptyCounters(), onInput };
}

export interface FuzzProperty {
  name: string;
  /** Runs in the full campaign (the suite runs a fixed smaller number). */
  campaignRuns: number;
  build(context: CampaignContext): fc.IRawProperty<[any]>;
}

function count(counters: Counters, outcome: RoundTripOutcome | FastReaderOutcome): void {
  if (outcome === 'fast-reader') counters.fastReader++;
  else if (outcome === 'state-machine') return;
  else if (outcome === 'same-tree') counters.sameTree++;
  else if (outcome === 'has-errors') counters.hasErrors++;
  else counters.unprintable++;
}

function timed(context: CampaignContext, text: string, started: number): void {
  const elapsed = performance.now() - started;
  const counters = context.counters;
  counters.inputs++;
  if (text.length > counters.longestInput) counters.longestInput = text.length;
  if (elapsed > counters.slowestMs) counters.slowestMs = elapsed;
  if (elapsed > HANG_LIMIT_MS) throw new PropertyViolation(`one input took ${Math.round(elapsed)} ms (hang limit ${HANG_LIMIT_MS} ms)`);
}

/**
 * Parser invariants on every input, the print/reparse round trip on those without errors, and the
 * fast reader's tree against the state machine's wherever it takes the input.
 */
function parserProperty(name: string, campaignRuns: number, inputs: (seeds: SeedSet) => fc.Arbitrary<string>): FuzzProperty {
  return {
    name,
    campaignRuns,
    build(context) {
      return fc.property(inputs(context.seeds), (text) => {
        context.onInput?.(text);
        const started = performance.now();
        const document = checkParse(text);
        count(context.counters, checkRoundTrip(document));
        count(context.counters, checkFastReader(text));
        timed(context, text, started);
        return true;
      });
    },
  };
}

/** The whole analysis and every service, at a few positions of each input. */
function analysisProperty(name: string, campaignRuns: number, inputs: (seeds: SeedSet) => fc.Arbitrary<AnalysisCase>, validate = false): FuzzProperty {
  return {
    name,
    campaignRuns,
    build(context) {
      return fc.asyncProperty(inputs(context.seeds), async (input) => {
        context.onInput?.(input.text);
        const started = performance.now();
        await checkAnalysis(context.service, input, { validate });
        timed(context, input.text, started);
        return true;
      });
    },
  };
}

/** Chains of edits typed into seeds (incremental.ts): each analysis reusing the last must equal a fresh one. */
function typingProperty(name: string, campaignRuns: number): FuzzProperty {
  return {
    name,
    campaignRuns,
    build(context) {
      return fc.asyncProperty(editChains(context.seeds.seeds), async ([seed, edits]) => {
        context.onInput?.(seed.text);
        const started = performance.now();
        const chain = emptyChainCounts();
        await checkEditChain(context.service, seed, edits, chain);
        context.counters.changedEdits += chain.changed;
        context.counters.treeReused += chain.treeReused;
        context.counters.resolutionReused += chain.resolutionReused;
        timed(context, seed.text, started);
        return true;
      });
    },
  };
}

/**
 * Every property with its share of the campaign (1,000,000 inputs and more in all). Parser-only
 * inputs are cheap and make up most of it; the whole analysis with every service gets the rest.
 */
export const PROPERTIES: readonly FuzzProperty[] = [
  parserProperty('parser: generated configs', 200_000, () => generatedConfig()),
  parserProperty('parser: mutated seeds', 450_000, (seeds) => mutatedSeed(seeds.seeds).map((m) => m.text)),
  parserProperty('parser: raw text and bytes', 330_000, () => rawText()),
  analysisProperty('analysis+services: generated configs', 8_000, () => generatedAnalysisCase(), true),
  analysisProperty('analysis+services: mutated seeds', 8_000, (seeds) => mutatedAnalysisCase(seeds.seeds)),
  analysisProperty('analysis+services: raw text', 4_000, () => rawAnalysisCase()),
  typingProperty('typing: analysis after an edit', 3_000),
];
