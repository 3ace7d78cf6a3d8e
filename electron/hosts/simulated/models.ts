// Every simulated script, by the same id as its .ps1 (path under electron/engine, without .ps1): the shared
// ops modelled here, and each check folder's sim.ts, found by the generated check-models.generated.ts.
import { checkModels } from './check-models.generated';
import { opsModels } from './ops';
import type { SimScriptTable } from './sim-script';

function merge(tables: readonly SimScriptTable[]): SimScriptTable {
  const all: SimScriptTable = {};
  for (const table of tables) {
    for (const [id, model] of Object.entries(table)) {
      // Two models for one script would make the simulator's answer depend on import order.
      if (all[id]) throw new Error(`two simulator models for ${id}`);
      all[id] = model;
    }
  }
  return all;
}

export const simScripts: SimScriptTable = merge([opsModels, ...checkModels]);
