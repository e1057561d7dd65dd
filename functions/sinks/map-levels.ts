/** One leaf column's values with its Dremel levels, the shape hyparquet-writer's writeColumn takes. */
export interface LeafPage {
  values: (string | null)[];
  definitionLevels: number[];
  repetitionLevels: number[];
  maxDefinitionLevel: number;
}

/**
 * The key and value leaves of a MAP<string, string> column (Parquet LogicalTypes.md, "Maps": an
 * optional or required group, a repeated key_value, a required key and a required value), built
 * straight from the records' objects in one pass. The generic Dremel walk visits every entry once
 * per leaf through {key, value} objects and was most of the time spent writing journald records.
 * Levels: a null map is def 0; an empty map is one slot at the map's own level; each entry is
 * def max with rep 0 for a row's first entry and 1 after it. Both leaves share the levels.
 */
export function stringMapLeaves(maps: readonly (Record<string, string> | null | undefined)[], nullable: boolean): { keys: LeafPage; values: LeafPage } {
  const present = nullable ? 1 : 0;
  const maxDefinitionLevel = present + 1;
  const keys: (string | null)[] = [];
  const values: (string | null)[] = [];
  const definitionLevels: number[] = [];
  const repetitionLevels: number[] = [];
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i];
    if (m === null || m === undefined) {
      if (!nullable) throw new Error('parquet required map is null');
      keys.push(null);
      values.push(null);
      definitionLevels.push(0);
      repetitionLevels.push(0);
      continue;
    }
    let rep = 0;
    for (const key in m) {
      keys.push(key);
      values.push(m[key]);
      definitionLevels.push(maxDefinitionLevel);
      repetitionLevels.push(rep);
      rep = 1;
    }
    if (rep === 0) {
      keys.push(null);
      values.push(null);
      definitionLevels.push(present);
      repetitionLevels.push(0);
    }
  }
  return {
    keys: { values: keys, definitionLevels, repetitionLevels, maxDefinitionLevel },
    values: { values, definitionLevels, repetitionLevels, maxDefinitionLevel },
  };
}
