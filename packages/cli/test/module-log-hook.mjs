// Test helper (node --import): appends the URL of every module Node loads to the file named by
// OUTBREAK_MODULE_LOG, so a test can see which of the CLI's modules a command loaded.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.OUTBREAK_MODULE_LOG) appendFileSync(process.env.OUTBREAK_MODULE_LOG, url + '\\n');
  return next(url, context);
}`)}`,
);
