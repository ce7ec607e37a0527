package io.dockercanvas.agent.netns;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs work on the thread of a network namespace the agent entered (pcap handles must be opened
 * there).
 */
@FunctionalInterface
public interface NamespaceRunner {
  <T> CompletableFuture<T> runIn(String namespaceName, Callable<T> task);
}
