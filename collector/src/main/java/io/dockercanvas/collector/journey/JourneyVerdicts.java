package io.dockercanvas.collector.journey;

import java.util.function.Consumer;

/**
 * The stage between the stitcher and the store: judges each journey as it closes ({@link
 * VerdictJudge}) and pairs requests with replies ({@link AnswerPairing}). It runs in the stitcher's
 * sink, outside the stitcher's lock; {@link #expire} and {@link #flush} follow the stitcher's.
 */
public final class JourneyVerdicts implements Consumer<Journey> {

  private final CaptureMonitor monitor;
  private final VerdictJudge judge;
  private final AnswerPairing answers;

  public JourneyVerdicts(
      PathTopology topology, CaptureMonitor monitor, long windowNs, Consumer<Journey> sink) {
    this.monitor = monitor;
    this.judge = new VerdictJudge(topology, monitor::coverage, monitor);
    this.answers = new AnswerPairing(windowNs, sink);
  }

  @Override
  public void accept(Journey journey) {
    monitor.saw(journey);
    answers.accept(judge.judge(journey).map(journey::withVerdict).orElse(journey));
  }

  public void expire(long nowNs) {
    answers.expire(nowNs);
  }

  public void flush() {
    answers.flush();
  }
}
