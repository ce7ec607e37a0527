package io.dockercanvas.agent.discovery;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a current {@link DockerSnapshot}: follows the engine's events and re-reads the engine
 * shortly after each burst of them, reconnecting with backoff when the stream breaks (dockerd
 * restarted), and re-reading every 30 s anyway (overlay peers change without an event on workers).
 * The listener hears of every snapshot whose content changed.
 */
public final class DockerDiscovery implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DockerDiscovery.class);
  private static final Duration DEBOUNCE = Duration.ofMillis(200);
  private static final Duration RESYNC = Duration.ofSeconds(30);
  private static final Duration BACKOFF_MIN = Duration.ofMillis(250);
  private static final Duration BACKOFF_MAX = Duration.ofSeconds(4);

  private final DockerEngine engine;
  private final Consumer<DockerSnapshot> listener;
  private final AtomicReference<DockerSnapshot> current = new AtomicReference<>();
  private final AtomicBoolean refreshPending = new AtomicBoolean();
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "docker-discovery");
            thread.setDaemon(true);
            return thread;
          });
  private final Thread eventThread = new Thread(this::followEvents, "docker-events");
  private volatile boolean closed;
  private volatile DockerEventStream openStream;

  public DockerDiscovery(DockerEngine engine, Consumer<DockerSnapshot> listener) {
    this.engine = engine;
    this.listener = listener;
    eventThread.setDaemon(true);
  }

  public DockerDiscovery start() {
    eventThread.start();
    refresher.scheduleWithFixedDelay(
        this::refreshSoon, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The latest snapshot; empty until the engine was read once. */
  public Optional<DockerSnapshot> current() {
    return Optional.ofNullable(current.get());
  }

  private void followEvents() {
    Duration backoff = BACKOFF_MIN;
    while (!closed) {
      // Subscribe first, then read: a change between the two still raises an event.
      try (DockerEventStream events = engine.events()) {
        openStream = events;
        if (closed) {
          break; // close() ran before the stream was published
        }
        refreshSoon();
        backoff = BACKOFF_MIN;
        while (events.next().isPresent()) {
          refreshSoon();
        }
        if (!closed) {
          log.info("Docker event stream ended; reconnecting");
        }
      } catch (DockerEngineException | IOException e) {
        if (!closed) {
          log.warn(
              "Docker events unavailable ({}); retrying in {} ms",
              e.getMessage(),
              backoff.toMillis());
        }
      } finally {
        openStream = null;
      }
      sleep(backoff);
      backoff =
          backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0
              ? BACKOFF_MAX
              : backoff.multipliedBy(2);
    }
  }

  /** Coalesces a burst of events (a task start raises several) into one read. */
  private void refreshSoon() {
    if (refreshPending.compareAndSet(false, true)) {
      refresher.schedule(this::refresh, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void refresh() {
    refreshPending.set(false); // events from here on schedule another read
    try {
      DockerSnapshot snapshot = engine.snapshot();
      DockerSnapshot previous = current.getAndSet(snapshot);
      if (!snapshot.sameContentAs(previous)) {
        listener.accept(snapshot);
      }
    } catch (DockerEngineException e) {
      log.warn("reading Docker failed, keeping the last snapshot: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Docker snapshot listener or mapping failed", e);
    }
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    DockerEventStream stream = openStream;
    if (stream != null) {
      stream.close();
    }
    eventThread.interrupt();
    refresher.shutdownNow();
    try {
      eventThread.join(2000);
      refresher.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
