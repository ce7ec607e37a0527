package io.dockercanvas.collector.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time per thread group since construction: a cheap profile of which stage works hardest
 * (gRPC's Netty loops decode and write, its executor runs the ingest session and stitcher, agents
 * build and encode). Threads that ended during the run are missed; the groups here are long-lived.
 */
final class ThreadCpu {

  record Group(String name, long cpuNs) {}

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> startCpu = new HashMap<>();
  private final long startProcessCpu = processCpuNs();
  private final long startGcMs = gcMs();
  private final long startJitMs =
      ManagementFactory.getCompilationMXBean().getTotalCompilationTime();

  ThreadCpu() {
    for (long id : threads.getAllThreadIds()) {
      startCpu.put(id, Math.max(0, threads.getThreadCpuTime(id)));
    }
  }

  /**
   * CPU per live thread group since construction, plus {@code ended} (threads that finished,
   * measured by themselves) and "other": GC, JIT and threads not listed.
   */
  List<Group> usedSince(Map<String, Long> ended) {
    Map<String, Long> byGroup = new HashMap<>(ended);
    for (long id : threads.getAllThreadIds()) {
      ThreadInfo info = threads.getThreadInfo(id);
      long cpu = threads.getThreadCpuTime(id);
      if (info == null || cpu < 0) {
        continue;
      }
      byGroup.merge(group(info.getThreadName()), cpu - startCpu.getOrDefault(id, 0L), Long::sum);
    }
    long listed = byGroup.values().stream().mapToLong(Long::longValue).sum();
    byGroup.put("process total", processCpuNs() - startProcessCpu);
    long gcNs = (gcMs() - startGcMs) * 1_000_000;
    long jitNs =
        (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - startJitMs)
            * 1_000_000;
    // both are wall times (pauses, compiler threads) and stretch when the machine is busy: compare,
    // don't add
    byGroup.put("GC pauses (wall)", gcNs);
    byGroup.put("JIT compiler threads (wall)", jitNs);
    byGroup.put(
        "GC, JIT, unlisted threads (CPU)", Math.max(0, processCpuNs() - startProcessCpu - listed));
    List<Group> groups = new ArrayList<>();
    byGroup.forEach((name, ns) -> groups.add(new Group(name, ns)));
    groups.sort((a, b) -> Long.compare(b.cpuNs(), a.cpuNs()));
    return groups.stream().filter(g -> g.cpuNs() >= 10_000_000).toList();
  }

  private static long gcMs() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(gc -> Math.max(0, gc.getCollectionTime()))
        .sum();
  }

  static long processCpuNs() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * A thread's name without its number, e.g. "grpc-nio-worker-ELG-3-2" -> "grpc-nio-worker-ELG".
   */
  static String group(String name) {
    String n = name.replaceAll("[-#\\s]*\\d+$", "");
    while (!n.equals(name)) {
      name = n;
      n = name.replaceAll("[-#\\s]*\\d+$", "");
    }
    return n;
  }
}
