// Issue 7: the renderer's JS stays under 250 KB gzip. Builds first, so the number is for the current source.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_LIMIT_GZIP, buildRenderer, measureBundle } from '../../bench/bundle-size';

describe('renderer bundle', () => {
  beforeAll(() => buildRenderer(), 120_000);

  it(`is under ${BUNDLE_LIMIT_GZIP / 1024} KB of gzipped JavaScript`, () => {
    const size = measureBundle();
    console.log(`renderer JS bundle: ${(size.jsGzip / 1024).toFixed(1)} KB gzip (${(size.jsRaw / 1024).toFixed(1)} KB raw)`);
    expect(size.jsGzip).toBeGreaterThan(10_000);
    expect(size.jsGzip).toBeLessThan(BUNDLE_LIMIT_GZIP);
  });

  it('has no inline script or style the CSP would block', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync('dist/renderer/index.html', 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle=/);
  });
});
