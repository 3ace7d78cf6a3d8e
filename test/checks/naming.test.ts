// Constants in checks/ and ops/ are named in one style, so a reader knows what a name holds:
//   the check a folder defines            `check`                    (the registry imports it by that name)
//   a fix                                 camelCase of its id        (`startRdpServices` for 'start-rdp-services')
//   a zod schema                          PascalCase, and its inferred type has the same name (`RegValue`)
//   plain data (strings, numbers, tables) SCREAMING_SNAKE_CASE       (`RDP_TCP_KEY`, `MARGIN_DAYS`)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE = path.resolve(import.meta.dirname, '../../electron/engine');
const files = ['checks', 'ops']
  .flatMap((dir) => (readdirSync(path.join(ENGINE, dir), { recursive: true }) as string[]).map((f) => path.join(dir, f)))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts') && !f.endsWith('sim.ts'))
  .map((f) => ({ rel: f.split(path.sep).join('/'), text: readFileSync(path.join(ENGINE, f), 'utf8') }));

const camel = (id: string) => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

describe('constant names in electron/engine/checks and ops', () => {
  it('a fix constant is the camelCase of its id', () => {
    const wrong = files.flatMap(({ rel, text }) =>
      [...text.matchAll(/^(?:export )?const (\w+): Fix<[^\n]*= \{\n\s+id: '([a-z0-9-]+)'/gm)]
        .filter(([, name, id]) => name !== camel(id!))
        .map(([, name, id]) => `${rel}: ${name} holds fix '${id}', name it ${camel(id!)}`),
    );
    expect(wrong).toEqual([]);
  });

  it('a zod schema is PascalCase, not SCREAMING_SNAKE_CASE or camelCase', () => {
    const wrong = files.flatMap(({ rel, text }) =>
      [...text.matchAll(/^(?:export )?const (\w+)(?:: [^=]+)? = z\./gm)]
        .filter(([, name]) => !/^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$/.test(name!))
        .map(([, name]) => `${rel}: ${name}`),
    );
    expect(wrong).toEqual([]);
  });

  it('a plain string or number constant at module level is SCREAMING_SNAKE_CASE', () => {
    const wrong = files.flatMap(({ rel, text }) =>
      [...text.matchAll(/^(?:export )?const (\w+) = (?:'[^'\n]*'|`[^`\n]*`|-?[\d_.]+);?$/gm)]
        .filter(([, name]) => !/^[A-Z][A-Z0-9_]*$/.test(name!))
        .map(([, name]) => `${rel}: ${name}`),
    );
    expect(wrong).toEqual([]);
  });

  it('each check.ts exports its check as `check`', () => {
    const wrong = files.filter((f) => f.rel.endsWith('/check.ts') && !/^export const check\b/m.test(f.text)).map((f) => f.rel);
    expect(wrong).toEqual([]);
  });
});
