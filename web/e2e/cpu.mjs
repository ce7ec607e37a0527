// CPU time used by a process tree, from /proc (Linux): a frame-rate figure that does not depend on how
// busy the shared machine is, unlike wall-clock times.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function stat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null; // gone meanwhile
  }
}

/** CPU milliseconds used so far by `root` and all its descendants that are alive now. */
export function treeCpuMs(root) {
  const all = new Map();
  for (const name of readdirSync('/proc')) if (/^\d+$/.test(name)) {
    const s = stat(name);
    if (s) all.set(Number(name), s);
  }
  let ticks = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop();
    ticks += all.get(pid)?.ticks ?? 0;
    for (const [child, s] of all) if (s.ppid === pid) queue.push(child);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
