// Builds the UI into ../assets/ (committed; embedded in the binary with include_bytes!).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync('../assets', { recursive: true });
await build({
  entryPoints: { app: 'src/app.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outdir: '../assets',
  loader: { '.png': 'dataurl', '.svg': 'dataurl' },
  legalComments: 'eof',
  logLevel: 'info',
});
copyFileSync('src/index.html', '../assets/index.html');
