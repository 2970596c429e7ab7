/**
 * The clients of a load bench, in a worker thread so that their own work (building requests, reading answers)
 * does not share the server's event loop (plain JavaScript: a worker thread does not
 * get tsx's loader): `connections` loops, each sending one request at a time, picked at
 * random from weighted operations, until `seconds` have passed. Posts back every latency by operation.
 */
import { parentPort, workerData } from 'node:worker_threads';

/** mulberry32: a small seeded generator (reproducible request sequences). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @param {import('./cases-load.bench.ts').LoadPlan} plan */
async function run(plan) {
  const latencies = Object.fromEntries(plan.operations.map((o) => [o.name, []]));
  const failures = Object.fromEntries(plan.operations.map((o) => [o.name, 0]));
  const headers = plan.acceptEncoding ? { cookie: plan.cookie, 'accept-encoding': plan.acceptEncoding } : { cookie: plan.cookie };
  const totalWeight = plan.operations.reduce((s, o) => s + o.weight, 0);
  const started = performance.now();
  const end = started + plan.seconds * 1000;
  const client = async (index) => {
    const next = random(plan.seed + index * 7919);
    while (performance.now() < end) {
      let pick = next() * totalWeight;
      const operation = plan.operations.find((o) => (pick -= o.weight) < 0) ?? plan.operations[plan.operations.length - 1];
      const path = operation.paths[Math.floor(next() * operation.paths.length)];
      const sent = performance.now();
      try {
        const response = await fetch(`${plan.base}${path}`, { headers });
        await response.arrayBuffer();
        if (response.ok) latencies[operation.name].push(performance.now() - sent);
        else failures[operation.name] += 1;
      } catch {
        failures[operation.name] += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.connections }, (_, i) => client(i)));
  return { latencies, failures, seconds: (performance.now() - started) / 1000 };
}

if (parentPort && workerData) {
  const port = parentPort;
  run(workerData).then(
    (result) => port.postMessage(result),
    (error) => port.postMessage({ error: String(error) }),
  );
}
