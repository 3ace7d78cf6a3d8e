// Where a script's hand-written samples live: beside the script, in samples/<script name>.json
// (checks/host/service/service -> electron/engine/checks/host/service/samples/service.json,
// ops/registry-read -> electron/engine/ops/samples/registry-read.json).
import path from 'node:path';

const ENGINE_DIR = path.resolve(import.meta.dirname, '../../electron/engine');

export function sampleFileOf(script: string, engineDir = ENGINE_DIR): string {
  return path.join(engineDir, path.dirname(script), 'samples', `${path.basename(script)}.json`);
}
