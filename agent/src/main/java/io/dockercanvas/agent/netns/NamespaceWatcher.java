package io.dockercanvas.agent.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a netns directory (Docker's {@code /var/run/docker/netns}, or a lab node's {@code
 * <exec-root>/netns}): enters each namespace on its own {@link NamespaceThread}, reads its
 * inventory, re-reads it periodically, and releases the thread when the file goes away.
 *
 * <p>Polls instead of using inotify: Docker bind-mounts a namespace onto a file it created just
 * before, and a mount raises no inotify event, while the file's inode (which changes with the
 * mount) is cheap to poll. All bookkeeping happens on the single "netns-watch" thread.
 */
public final class NamespaceWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NamespaceWatcher.class);
  private static final Duration ENTER_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration RETRY_REFUSED = Duration.ofSeconds(5);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  /**
   * @param directory where the namespace files are
   * @param pollInterval how often the directory is listed (new namespaces show up within this)
   * @param refreshInterval how often each namespace's inventory is read again
   */
  public record Settings(Path directory, Duration pollInterval, Duration refreshInterval) {
    public static final Path DOCKER_NETNS = Path.of("/var/run/docker/netns");

    public Settings {
      if (pollInterval.isNegative() || pollInterval.isZero() || refreshInterval.isNegative()) {
        throw new IllegalArgumentException(
            "netns poll interval must be positive and refresh interval not negative"
                + " (got "
                + pollInterval
                + ", "
                + refreshInterval
                + ")");
      }
    }

    public static Settings defaults(Path directory) {
      return new Settings(directory, Duration.ofMillis(500), Duration.ofSeconds(2));
    }
  }

  /**
   * The directory's regular files by name, with their inodes; none when the directory is not
   * listed.
   */
  private record Listing(ScanReport.Directory directory, Map<String, Long> files) {}

  private record Tracked(ObservedNamespace namespace, NamespaceThread thread, long readAtNanos) {}

  /** A file that could not be entered: tried again when its inode changes or after a while. */
  private record Refused(long inode, long retryAtNanos) {
    boolean blocks(long currentInode, long now) {
      return currentInode == inode && now < retryAtNanos;
    }
  }

  private final Settings settings;
  private final NamespaceListener listener;
  private final LongSupplier nanoTime;
  private final Map<String, Tracked> tracked = new HashMap<>(); // watcher thread only
  private final Map<String, Refused> refused = new HashMap<>(); // files that could not be entered
  private final Set<NamespaceThread> readsInFlight = new HashSet<>(); // watcher thread only
  private final Map<String, ObservedNamespace> current = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "netns-watch");
            thread.setDaemon(true);
            return thread;
          });
  private boolean directoryMissingLogged;

  public NamespaceWatcher(Settings settings, NamespaceListener listener) {
    this(settings, listener, System::nanoTime);
  }

  /**
   * With the clock that decides when a refused file is retried and a namespace re-read (for tests).
   */
  NamespaceWatcher(Settings settings, NamespaceListener listener, LongSupplier nanoTime) {
    this.settings = settings;
    this.listener = listener;
    this.nanoTime = nanoTime;
  }

  /**
   * Starts polling; the first scan runs at once. Each scan ends with {@link
   * NamespaceListener#scanned}.
   */
  public NamespaceWatcher start() {
    scheduler.execute(
        () -> Libc.LIBC.strerror(0)); // bind libc once, not inside the first enter's timeout
    scheduler.scheduleWithFixedDelay(
        this::scanSafely, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Scans once now, on the watcher's thread, whether or not {@link #start()} was called. */
  public CompletableFuture<ScanReport> scanNow() {
    return CompletableFuture.supplyAsync(this::scan, scheduler);
  }

  /** The namespaces currently entered, by file name. */
  public Map<String, ObservedNamespace> namespaces() {
    return Map.copyOf(current);
  }

  /** Runs {@code task} on the thread of the named namespace (e.g. to open a pcap handle there). */
  public <T> CompletableFuture<T> runIn(String name, Callable<T> task) {
    CompletableFuture<CompletableFuture<T>> handOff =
        CompletableFuture.supplyAsync(
            () -> {
              Tracked namespace = tracked.get(name);
              return namespace == null
                  ? CompletableFuture.<T>failedFuture(
                      new IllegalStateException("no namespace " + name))
                  : namespace.thread().submit(task);
            },
            scheduler);
    return handOff.thenCompose(future -> future);
  }

  private void scanSafely() {
    try {
      scan();
    } catch (RuntimeException e) {
      log.warn("netns scan of {} failed; retrying", settings.directory(), e);
    }
  }

  private ScanReport scan() {
    ScanReport report = scanDirectory();
    tell(() -> listener.scanned(report), "scan");
    return report;
  }

  private ScanReport scanDirectory() {
    Listing listing = listNamespaceFiles();
    if (listing.directory() == ScanReport.Directory.UNREADABLE) {
      return ScanReport.unreadable(); // keep what we have rather than release everything
    }
    Map<String, Long> files = listing.files();
    Set<String> released = new LinkedHashSet<>();
    for (Tracked namespace : List.copyOf(tracked.values())) {
      Long inode = files.get(namespace.namespace().name());
      if (inode == null || inode != namespace.namespace().inode()) {
        release(namespace);
        released.add(namespace.namespace().name());
      }
    }
    refused.keySet().retainAll(files.keySet());
    Set<String> entered = new LinkedHashSet<>();
    Set<String> notEntered = new LinkedHashSet<>();
    long now = nanoTime.getAsLong();
    files.forEach(
        (name, inode) -> {
          Tracked known = tracked.get(name);
          Refused refusal = refused.get(name);
          if (known == null && (refusal == null || !refusal.blocks(inode, now))) {
            (enter(name, inode) ? entered : notEntered).add(name);
          } else if (known != null
              && now - known.readAtNanos() >= settings.refreshInterval().toNanos()) {
            refresh(known);
          }
        });
    return new ScanReport(listing.directory(), files.keySet(), entered, notEntered, released);
  }

  private Listing listNamespaceFiles() {
    Map<String, Long> files = new HashMap<>();
    try (Stream<Path> entries = Files.list(settings.directory())) {
      entries.forEach(
          file -> inode(file).ifPresent(inode -> files.put(file.getFileName().toString(), inode)));
      directoryMissingLogged = false;
      return new Listing(ScanReport.Directory.LISTED, files);
    } catch (NoSuchFileException e) {
      // Docker creates the directory with its first namespace (and removes it on cleanup).
      if (!directoryMissingLogged) {
        log.info("netns directory {} does not exist (yet); watching for it", settings.directory());
        directoryMissingLogged = true;
      }
      return new Listing(ScanReport.Directory.MISSING, Map.of());
    } catch (IOException | UncheckedIOException e) {
      log.warn("cannot list netns directory {}: {}", settings.directory(), e.toString());
      return new Listing(ScanReport.Directory.UNREADABLE, Map.of());
    }
  }

  private static Optional<Long> inode(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      return Optional.of(((Number) Files.getAttribute(file, "unix:ino")).longValue());
    } catch (IOException e) {
      return Optional.empty(); // vanished between listing and stat
    }
  }

  /** Whether the file could be entered. */
  private boolean enter(String name, long inode) {
    Path file = settings.directory().resolve(name);
    NamespaceThread thread;
    try {
      thread = NamespaceThread.start(file, ENTER_TIMEOUT);
    } catch (NamespaceUnavailableException e) {
      if (e.reason() != NamespaceUnavailableException.Reason.GONE) {
        // Docker's bind mount gives the file a new inode, which is tried at once; anything else (a
        // timeout on a loaded machine, EPERM) again in a few seconds.
        Refused earlier =
            refused.put(name, new Refused(inode, nanoTime.getAsLong() + RETRY_REFUSED.toNanos()));
        if (e.reason() == NamespaceUnavailableException.Reason.NOT_A_NAMESPACE || earlier != null) {
          log.debug("not entering {} yet: {}", file, e.getMessage());
        } else {
          log.warn(
              "cannot enter {} (retrying every {} s): {}",
              file,
              RETRY_REFUSED.toSeconds(),
              e.getMessage());
        }
      }
      return false;
    }
    NamespaceInventory inventory =
        read(thread, file).orElse(new NamespaceInventory(List.of(), List.of()));
    ObservedNamespace namespace =
        new ObservedNamespace(name, file, inode, NamespaceRole.of(name), inventory);
    tracked.put(name, new Tracked(namespace, thread, nanoTime.getAsLong()));
    current.put(name, namespace);
    log.debug(
        "entered {} ({}): {} interfaces",
        name,
        namespace.role().kind(),
        inventory.interfaces().size());
    tell("added", namespace, listener::added);
    return true;
  }

  /**
   * Re-reads without blocking the watcher: a namespace thread that is busy (say, opening pcap
   * handles) delays only its own refresh, and at most one read per namespace is queued.
   */
  private void refresh(Tracked known) {
    if (!readsInFlight.add(known.thread())) {
      return;
    }
    known
        .thread()
        .submit(InventoryReader::readCurrentNamespace)
        .whenCompleteAsync(
            (inventory, failure) -> {
              readsInFlight.remove(known.thread());
              Tracked latest = tracked.get(known.namespace().name());
              if (latest == null || latest.thread() != known.thread()) {
                return; // released while the read ran
              }
              ObservedNamespace before = latest.namespace();
              ObservedNamespace after =
                  inventory == null
                      ? before
                      : new ObservedNamespace(
                          before.name(), before.file(), before.inode(), before.role(), inventory);
              if (failure != null) {
                log.debug("re-reading {} failed: {}", before.file(), failure.toString());
              }
              tracked.put(after.name(), new Tracked(after, latest.thread(), nanoTime.getAsLong()));
              if (!after.equals(before)) {
                current.put(after.name(), after);
                tell("changed", after, listener::changed);
              }
            },
            scheduler);
  }

  private Optional<NamespaceInventory> read(NamespaceThread thread, Path file) {
    try {
      return Optional.of(
          thread
              .submit(InventoryReader::readCurrentNamespace)
              .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (Exception e) {
      // The namespace may be going away under us; the next scan releases it if so.
      log.debug("reading {} failed: {}", file, e.toString());
      return Optional.empty();
    }
  }

  private void release(Tracked namespace) {
    tracked.remove(namespace.namespace().name());
    current.remove(namespace.namespace().name());
    namespace.thread().close();
    log.debug("released {}", namespace.namespace().name());
    tell("removed", namespace.namespace(), listener::removed);
  }

  private static void tell(
      String event, ObservedNamespace namespace, Consumer<ObservedNamespace> call) {
    tell(() -> call.accept(namespace), event + " " + namespace.name());
  }

  private static void tell(Runnable call, String what) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("namespace listener failed on {}", what, e);
    }
  }

  /** Stops polling and ends every namespace thread. */
  @Override
  public void close() {
    try {
      scheduler
          .submit(() -> List.copyOf(tracked.values()).forEach(this::release))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("closing namespace threads failed", e);
    }
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
