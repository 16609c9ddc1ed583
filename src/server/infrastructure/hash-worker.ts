// The password-hashing worker thread (started by hash-workers.ts): lowers its own CPU priority,
// then hashes or verifies one password at a time for its parent.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { hashSync, verifySync } from '@node-rs/argon2';

export interface HashWorkerData {
  /** The nice value the thread gives itself (per thread on Linux). */
  nice: number;
}

export type HashJob =
  { op: 'hash'; password: string; options: object } | { op: 'verify'; password: string; hash: string };

export type HashAnswer = { ok: true; value: string | boolean } | { ok: false; message: string };

const port = parentPort;
if (port) {
  try {
    setPriority((workerData as HashWorkerData).nice);
  } catch {
    // Not allowed here (a container without the capability): hashes run at the normal priority.
  }
  port.on('message', (job: HashJob) => {
    let answer: HashAnswer;
    try {
      const value =
        job.op === 'hash' ? hashSync(job.password, job.options) : verifySync(job.hash, job.password);
      answer = { ok: true, value };
    } catch (error) {
      answer = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
  });
}
