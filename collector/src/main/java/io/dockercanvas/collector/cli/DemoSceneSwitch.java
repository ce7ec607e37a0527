package io.dockercanvas.collector.cli;

import io.dockercanvas.collector.replay.DemoScenes;
import io.dockercanvas.collector.rest.DemoScenesApi;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's scenes as the page sees them: the page selects one (an HTTP thread), the loop that
 * plays takes the switch between two passes.
 */
final class DemoSceneSwitch implements DemoScenesApi {

  private final PrintWriter err;
  private volatile String current;
  private final AtomicReference<String> pending = new AtomicReference<>();

  DemoSceneSwitch(String current, PrintWriter err) {
    this.current = current;
    this.err = err;
  }

  @Override
  public List<Scene> scenes() {
    return DemoScenes.scenes();
  }

  @Override
  public String current() {
    String asked = pending.get();
    return asked != null ? asked : current;
  }

  @Override
  public boolean select(String name) {
    if (DemoScenes.named(name).isEmpty()) {
      return false;
    }
    pending.set(name.equals(current) ? null : name);
    return true;
  }

  /**
   * The recording of the scene selected since the last call, ready to play; null when none was (or
   * it cannot be read: then the current one goes on, and the reason is printed).
   */
  CaptureReplay takeSwitch() {
    String name = pending.getAndSet(null);
    if (name == null) {
      return null;
    }
    try {
      CaptureReplay next = DemoCommand.swarmNodesOf(DemoScenes.locate(name));
      current = name;
      return next;
    } catch (IOException | IllegalArgumentException e) {
      err.println("demo: cannot play scene " + name + ": " + e.getMessage());
      err.flush();
      return null;
    }
  }
}
