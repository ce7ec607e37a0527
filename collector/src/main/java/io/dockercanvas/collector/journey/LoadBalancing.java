package io.dockercanvas.collector.journey;

import java.util.Locale;

/**
 * One IPVS decision: in which namespace, what the client sent to, which real server (and task) was
 * chosen, by which scheduler among how many backends.
 *
 * @param vip a service VIP (lb_ or container namespace); false for the routing mesh
 * @param fwmark 0 for an address service
 * @param task "web.1", or empty when the topology does not know the address
 */
public record LoadBalancing(
    String node,
    String namespace,
    boolean vip,
    long fwmark,
    String virtualAddress,
    int virtualPort,
    String chosenAddress,
    int chosenPort,
    String task,
    String taskNode,
    String scheduler,
    int backends) {

  /** "IPVS: VIP 10.0.1.2:80 (fwmark 257) -> 10.0.1.3:80 (task web.1 on node2), round-robin, ..." */
  public String summary() {
    StringBuilder s = new StringBuilder("IPVS in ").append(namespace).append(": ");
    String virtual = virtualAddress + ":" + virtualPort;
    if (vip) {
      s.append("VIP ").append(virtual);
      if (fwmark != 0) {
        s.append(" (fwmark ").append(fwmark).append(')');
      }
    } else if (fwmark != 0) {
      s.append("fwmark ").append(fwmark).append(" (").append(virtual).append(')');
    } else {
      s.append(virtual);
    }
    s.append(" -> ").append(chosenAddress).append(':').append(chosenPort);
    if (!task.isEmpty()) {
      s.append(" (task ").append(task);
      if (!taskNode.isEmpty()) {
        s.append(" on ").append(taskNode);
      }
      s.append(')');
    }
    s.append(", ").append(schedulerName(scheduler));
    s.append(", ").append(backends).append(backends == 1 ? " backend" : " backends");
    return s.toString();
  }

  /** The kernel's short scheduler names spelled out; unknown ones as they are. */
  static String schedulerName(String scheduler) {
    return switch (scheduler.toLowerCase(Locale.ROOT)) {
      case "rr" -> "round-robin";
      case "wrr" -> "weighted round-robin";
      case "lc" -> "least-connection";
      case "wlc" -> "weighted least-connection";
      case "sh" -> "source hashing";
      case "dh" -> "destination hashing";
      case "mh" -> "maglev hashing";
      case "sed" -> "shortest expected delay";
      case "nq" -> "never queue";
      default -> scheduler;
    };
  }
}
