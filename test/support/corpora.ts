import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared corpora live beside the repository, as `../shared/corpora`. */
export const CORPORA = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));

export function corpusPath(rel: string): string {
  return CORPORA + rel;
}

export function readCorpus(rel: string): Buffer {
  return readFileSync(corpusPath(rel));
}

/** Reads a JSON-lines corpus file into objects. */
export function readJsonl<T = any>(rel: string): T[] {
  return readCorpus(rel)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as T);
}
