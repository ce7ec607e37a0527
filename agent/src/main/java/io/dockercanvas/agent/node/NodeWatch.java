package io.dockercanvas.agent.node;

import io.dockercanvas.agent.discovery.DockerDiscovery;
import io.dockercanvas.agent.discovery.DockerEngine;
import io.dockercanvas.agent.discovery.DockerEngineException;
import io.dockercanvas.agent.discovery.DockerSnapshot;
import io.dockercanvas.agent.netns.InventoryReader;
import io.dockercanvas.agent.netns.NamespaceInventory;
import io.dockercanvas.agent.netns.NamespaceListener;
import io.dockercanvas.agent.netns.NamespaceRole;
import io.dockercanvas.agent.netns.NamespaceRunner;
import io.dockercanvas.agent.netns.NamespaceWatcher;
import io.dockercanvas.agent.netns.ObservedNamespace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's current {@link NodeState}: Docker discovery, the namespace watcher and the
 * agent's own (host) namespace, combined on one "node-watch" thread shortly after anything changed
 * and every two seconds anyway. Each new state goes to the listener (which re-plans captures and
 * reports topology).
 */
public final class NodeWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodeWatch.class);
  private static final Duration PERIOD = Duration.ofSeconds(2);
  public static final String HOST_NAMESPACE_PATH = "/proc/self/ns/net";

  private final String nodeName;
  private final String excludedFilter;
  private final DockerEngine engine;
  private final DockerDiscovery discovery;
  private final NamespaceWatcher namespaces;
  private final Consumer<NodeState> listener;
  private final AtomicReference<NodeState> current = new AtomicReference<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "node-watch");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param nodeName --node-name, or empty for the engine's hostname
   * @param excludedFilter pcap expression of traffic never to capture (the collector stream), or
   *     empty
   */
  public NodeWatch(
      String nodeName,
      DockerEngine engine,
      Path netnsDirectory,
      String excludedFilter,
      Consumer<NodeState> listener) {
    this.nodeName = nodeName;
    this.excludedFilter = excludedFilter;
    this.engine = engine;
    this.listener = listener;
    this.discovery = new DockerDiscovery(engine, snapshot -> soon());
    this.namespaces =
        new NamespaceWatcher(
            NamespaceWatcher.Settings.defaults(netnsDirectory),
            new NamespaceListener() {
              @Override
              public void added(ObservedNamespace namespace) {
                soon();
              }

              @Override
              public void changed(ObservedNamespace namespace) {
                soon();
              }

              @Override
              public void removed(ObservedNamespace namespace) {
                soon();
              }
            });
  }

  public NodeWatch start() {
    namespaces.start();
    discovery.start();
    thread.scheduleWithFixedDelay(this::update, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Runs work on the thread of a namespace the watcher entered (to open pcap handles there). */
  public NamespaceRunner namespaceRunner() {
    return namespaces::runIn;
  }

  public Optional<NodeState> current() {
    return Optional.ofNullable(current.get());
  }

  /** The names of the namespaces the watcher has entered and read so far. */
  public Set<String> namespacesRead() {
    return namespaces.namespaces().keySet();
  }

  /**
   * Reads everything once, right now, on the calling thread (for {@code agent snapshot}); the
   * namespace watcher must have had time for its first scan.
   */
  public NodeState readNow() throws DockerEngineException {
    return state(engine.snapshot());
  }

  private void soon() {
    try {
      thread.schedule(this::update, 100, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing: the namespace watcher tells of namespaces it releases; nobody needs the state any
      // more
    }
  }

  private void update() {
    try {
      Optional<DockerSnapshot> docker = discovery.current();
      NodeState state = state(docker.orElse(null));
      NodeState before = current.getAndSet(state);
      if (!state.equals(before)) {
        listener.accept(state);
      }
    } catch (RuntimeException e) {
      log.warn("updating the node's state failed", e);
    }
  }

  private NodeState state(DockerSnapshot docker) {
    NamespaceInventory host = hostInventory();
    String underlay = docker == null ? "" : underlayInterface(docker.node().advertiseAddress());
    String name = !nodeName.isEmpty() ? nodeName : docker == null ? "" : docker.node().hostname();
    return new NodeState(
        name,
        docker,
        host,
        HOST_NAMESPACE_PATH,
        underlay,
        dataPathPort(docker),
        namespaces.namespaces(),
        excludedFilter);
  }

  private static NamespaceInventory hostInventory() {
    try {
      return InventoryReader
          .readCurrentNamespace(); // this thread never left the agent's own namespace
    } catch (IOException e) {
      log.warn("cannot read the host namespace's interfaces: {}", e.getMessage());
      return new NamespaceInventory(List.of(), List.of());
    }
  }

  /**
   * The NIC holding the advertise address (the JVM's own namespace, so NetworkInterface is right
   * here).
   */
  private static String underlayInterface(String advertiseAddress) {
    if (advertiseAddress.isEmpty() || !advertiseAddress.matches("[0-9a-fA-F:.]+")) {
      return "";
    }
    try {
      NetworkInterface nic =
          NetworkInterface.getByInetAddress(InetAddress.getByName(advertiseAddress));
      return nic == null ? "" : nic.getName();
    } catch (IOException e) {
      return "";
    }
  }

  /** A manager's swarm says; else the port a vxlan0 uses; else VXLAN's standard 4789. */
  private int dataPathPort(DockerSnapshot docker) {
    if (docker != null && docker.node().dataPathPort() > 0) {
      return docker.node().dataPathPort();
    }
    return namespaces.namespaces().values().stream()
        .filter(ns -> ns.role().kind() == NamespaceRole.Kind.OVERLAY)
        .flatMap(ns -> ns.inventory().interfaceNamed("vxlan0").stream())
        .filter(i -> i.vxlan() != null && i.vxlan().port() > 0)
        .map(i -> i.vxlan().port())
        .findFirst()
        .orElse(4789);
  }

  @Override
  public void close() {
    // the sources first: what they report while closing finds the update thread still there
    discovery.close();
    namespaces.close();
    thread.shutdownNow();
  }
}
