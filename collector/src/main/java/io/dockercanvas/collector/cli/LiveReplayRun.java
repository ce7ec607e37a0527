package io.dockercanvas.collector.cli;

import io.dockercanvas.collector.replay.LiveReplay;
import io.dockercanvas.collector.server.ServerSettings;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.dockercanvas.pipeline.replay.ReplayTotals;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What {@code replay} and {@code demo} share: start the collector, connect the replayed agents,
 * print the page's address, play (once or in a loop), keep serving until stopped (Ctrl-C, or the
 * thread interrupted).
 */
final class LiveReplayRun {

  private final String command;
  private final PrintWriter out;
  private final PrintWriter err;

  LiveReplayRun(String command, PrintWriter out, PrintWriter err) {
    this.command = command;
    this.out = out;
    this.err = err;
  }

  /**
   * @param catchUp first play the whole recording at once, ending now, so the page is full when it
   *     opens
   */
  int run(
      CaptureReplay replay, ServerSettings settings, double speed, boolean loop, boolean catchUp) {
    return run(replay, settings, speed, loop, catchUp, null);
  }

  /**
   * @param scenes the demo's scenes, offered to the page; a scene it selects plays from the next
   *     pass on (null: one recording only)
   */
  int run(
      CaptureReplay replay,
      ServerSettings settings,
      double speed,
      boolean loop,
      boolean catchUp,
      DemoSceneSwitch scenes) {
    LiveReplay live;
    try {
      live = LiveReplay.start(replay, settings);
    } catch (IOException e) {
      err.println(command + ": " + e.getMessage());
      if (String.valueOf(e.getMessage()).contains("HTTP")
          && String.valueOf(e.getMessage()).contains("in use")) {
        err.println(
            command
                + ": "
                + settings.http()
                + " is taken by another program; pick a free port, for example"
                + " --listen "
                + settings.http().host()
                + ":"
                + (settings.http().port() + 1));
      }
      err.flush();
      return 1;
    }
    // Ctrl-C: stop the playing thread and let it close everything, so no message goes to a closed
    // stream
    Thread runner = Thread.currentThread();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              runner.interrupt();
              try {
                stopped.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            command + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (scenes != null) {
      live.server().offerDemoScenes(scenes);
    }
    try {
      if (catchUp) {
        live.catchUp();
      }
      out.printf(
          "%s: open http://%s:%d/ (gRPC Observer API on %s:%d; Ctrl-C to stop)%n",
          command,
          settings.http().host().contains(":")
              ? "[" + settings.http().host() + "]"
              : settings.http().host(),
          live.server().httpPort(),
          settings.grpc().host(),
          live.server().grpcPort());
      out.flush();
      do {
        ReplayTotals totals = live.play(speed);
        totals.warnings().forEach(w -> err.println(command + ": warning: " + w));
        err.flush();
        if (loop) {
          live.pauseBeforeRepeat();
          if (scenes != null) {
            CaptureReplay next = scenes.takeSwitch();
            if (next != null) {
              live.switchTo(next);
              live.catchUp();
              out.printf("%s: now playing scene %s%n", command, scenes.current());
              out.flush();
            }
          }
        } else {
          out.printf(
              "%s: replayed %d frames as %d observations; still serving the page (Ctrl-C to stop)%n",
              command, totals.frames(), totals.observations());
          out.flush();
          live.server().awaitTermination();
        }
      } while (loop);
      return 0;
    } catch (IOException e) {
      err.println(command + ": " + e.getMessage());
      err.flush();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0; // asked to stop
    } finally {
      live.close();
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs (and finds everything closed)
      }
    }
  }
}
