package io.dockercanvas.agent.netns;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dedicated platform thread living inside one network namespace. {@code setns} moves only the
 * calling thread, and pools shared with other code would end up anywhere, so everything that must
 * happen in the namespace (netlink reads, opening pcap handles) is submitted here and runs on this
 * one thread. Closing ends the thread, which drops the agent's last reference to the namespace.
 *
 * <p>Tasks run one after another, so keep them short: open a pcap handle here (its socket then
 * belongs to the namespace for good) and read packets from it elsewhere.
 */
public final class NamespaceThread implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NamespaceThread.class);
  private static final Runnable STOP = () -> {};
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);

  private final Path file;
  private final Thread thread;
  private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> entered = new CompletableFuture<>();
  private boolean closed; // guarded by this

  private NamespaceThread(Path file) {
    this.file = file;
    this.thread = new Thread(this::run, "netns-" + file.getFileName());
    this.thread.setDaemon(true);
  }

  /** Starts the thread and returns once it is inside the namespace. */
  public static NamespaceThread start(Path namespaceFile, Duration timeout)
      throws NamespaceUnavailableException {
    NamespaceThread namespaceThread = new NamespaceThread(namespaceFile);
    namespaceThread.thread.start();
    try {
      namespaceThread.entered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return namespaceThread;
    } catch (ExecutionException e) {
      namespaceThread.close();
      if (e.getCause() instanceof NamespaceUnavailableException unavailable) {
        throw unavailable;
      }
      throw new NamespaceUnavailableException(
          NamespaceUnavailableException.Reason.FAILED,
          "entering " + namespaceFile + " failed: " + e.getCause());
    } catch (TimeoutException e) {
      namespaceThread.close();
      throw new NamespaceUnavailableException(
          NamespaceUnavailableException.Reason.FAILED,
          "entering " + namespaceFile + " took longer than " + timeout);
    } catch (InterruptedException e) {
      namespaceThread.close();
      Thread.currentThread().interrupt();
      throw new NamespaceUnavailableException(
          NamespaceUnavailableException.Reason.FAILED, "interrupted");
    }
  }

  public Path file() {
    return file;
  }

  /** Runs {@code task} on this namespace's thread; fails if the thread is closed. */
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    synchronized (this) {
      if (closed) {
        result.completeExceptionally(
            new IllegalStateException("namespace thread for " + file + " is closed"));
        return result;
      }
      work.add(
          () -> {
            try {
              result.complete(task.call());
            } catch (Throwable failure) {
              result.completeExceptionally(failure);
            }
          });
    }
    return result;
  }

  private void run() {
    try {
      NetnsEntry.enterOnThisThread(file);
    } catch (NamespaceUnavailableException | RuntimeException | LinkageError e) {
      entered.completeExceptionally(e);
      return;
    }
    entered.complete(null);
    try {
      for (Runnable task = work.take(); task != STOP; task = work.take()) {
        task.run();
      }
    } catch (InterruptedException e) {
      log.warn("thread for {} interrupted; leaving the namespace", file);
    }
  }

  /** Ends the thread after the work already submitted; waits for it up to two seconds. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      work.add(STOP);
    }
    try {
      thread.join(STOP_WAIT.toMillis());
      if (thread.isAlive()) {
        log.warn("thread for {} still busy after {}; interrupting it", file, STOP_WAIT);
        thread.interrupt();
        thread.join(STOP_WAIT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the platform thread has ended (for leak checks). */
  public boolean isTerminated() {
    return !thread.isAlive();
  }
}
