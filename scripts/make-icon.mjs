#!/usr/bin/env node
// Renders build/icon.svg into build/icon.png (512 px) and build/icon.ico (16-256 px, PNG-compressed entries,
// which Windows Vista and later read). Chromium draws the SVG, so the output does not depend on an image
// library; run it again after editing the SVG: node scripts/make-icon.mjs
/* global document -- page.waitForFunction callbacks run in the page (Chromium), not in Node */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** An ICO file whose images are PNGs; `images` is a list of [size, png bytes]. */
export function buildIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const [size, png] of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2);
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map(([, png]) => png)]);
}

async function render(svg, sizes) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage();
    const out = [];
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.waitForFunction(() => document.images[0]?.complete);
      out.push([size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })]);
    }
    return out;
  } finally {
    await browser.close();
  }
}

async function main() {
  const svg = readFileSync(path.join(root, 'build', 'icon.svg'), 'utf8');
  const images = await render(svg, [...ICO_SIZES, 512]);
  writeFileSync(path.join(root, 'build', 'icon.ico'), buildIco(images.filter(([size]) => size <= 256)));
  writeFileSync(path.join(root, 'build', 'icon.png'), images.find(([size]) => size === 512)[1]);
  process.stdout.write(`wrote build/icon.ico (${ICO_SIZES.join(', ')} px) and build/icon.png (512 px)\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
