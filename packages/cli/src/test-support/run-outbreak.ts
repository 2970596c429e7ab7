import { vi } from 'vitest';
import { main } from '../main.ts';

/** What an in-process `outbreak …` run returned and wrote. */
export interface OutbreakRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `outbreak …` in-process (the dispatcher's `main`) and captures what it writes to stdout and
 * stderr, so command tests assert on exit codes and output without spawning a process.
 */
export async function runOutbreak(...argv: string[]): Promise<OutbreakRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
