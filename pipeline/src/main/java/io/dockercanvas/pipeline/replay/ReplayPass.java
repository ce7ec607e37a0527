package io.dockercanvas.pipeline.replay;

import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.LostEvent;
import io.dockercanvas.proto.v1.LostEventSource;
import io.dockercanvas.proto.v1.LostReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * One pass over the captures: all files merged in capture-time order (so each node's stream is in
 * time order, as its live agent's would be), observations batched per slice of recorded time, each
 * slice sent when its time has come under the pacing. Malformed frames are reported on the node's
 * stream as lost.
 */
final class ReplayPass {

  private final CaptureReplay replay;
  private final Map<String, NodeStream> streams;
  private final Pacing pacing;
  private final ReplaySession.SliceListener progress;
  private final List<CaptureReader> readers = new ArrayList<>();
  private final Map<String, List<CaptureReader>> readersByNode = new HashMap<>();

  ReplayPass(
      CaptureReplay replay,
      Map<String, NodeStream> streams,
      Pacing pacing,
      ReplaySession.SliceListener progress) {
    this.replay = replay;
    this.streams = streams;
    this.pacing = pacing;
    this.progress = progress;
  }

  ReplayTotals run() throws IOException, InterruptedException {
    try {
      for (CaptureSpec spec : replay.input().captures()) {
        CaptureReader reader = CaptureReader.open(spec);
        readers.add(reader);
        readersByNode.computeIfAbsent(spec.node(), n -> new ArrayList<>()).add(reader);
      }
      play();
      reportMalformed();
      ReplayTotals totals = ReplayTotals.NONE;
      for (CaptureReader reader : readers) {
        totals = totals.plus(reader.totals());
      }
      streams.values().forEach(s -> s.passEnded(framesRead(s.node())));
      return totals;
    } finally {
      for (CaptureReader reader : readers) {
        reader.close();
      }
    }
  }

  private void play() throws IOException, InterruptedException {
    PriorityQueue<CaptureReader> heads =
        new PriorityQueue<>(Comparator.comparingLong(CaptureReader::timestampNs));
    for (CaptureReader reader : readers) {
      if (reader.advance(replay.sampling())) {
        heads.add(reader);
      }
    }
    if (heads.isEmpty()) {
      return;
    }
    long first = heads.peek().timestampNs();
    long startNanos = System.nanoTime();
    long anchor =
        pacing.firstPacketAtNs() == Pacing.AT_PASS_START
            ? Pacing.nowNs()
            : pacing.firstPacketAtNs();
    long shift = pacing.restamp() ? anchor - first : 0;
    long sliceStart = first;
    long latest = first;
    int pending = 0;
    while (!heads.isEmpty()) {
      CaptureReader reader = heads.poll();
      long ts = reader.timestampNs();
      if (ts - sliceStart >= replay.batchSpanNs() || pending >= CaptureReplay.MAX_BATCH) {
        sendSlice(latest, first, startNanos, shift);
        pending = 0;
        sliceStart = ts;
      }
      streams
          .get(reader.spec().node())
          .add(reader.observation(shift, replay.sampling().snapLength()));
      pending++;
      latest = Math.max(latest, ts);
      if (reader.advance(replay.sampling())) {
        heads.add(reader);
      }
    }
    sendSlice(latest, first, startNanos, shift);
  }

  /** Waits until the slice's last packet is due, then sends every node's batch. */
  private void sendSlice(long latest, long first, long startNanos, long shift)
      throws IOException, InterruptedException {
    if (pacing.speed() > 0) {
      long due = startNanos + (long) ((latest - first) / pacing.speed());
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
    for (NodeStream stream : streams.values()) {
      stream.flush(framesRead(stream.node()));
    }
    progress.sent(latest + shift);
  }

  private void reportMalformed() throws IOException {
    for (CaptureReader reader : readers) {
      if (reader.malformed() == 0) {
        continue;
      }
      streams
          .get(reader.spec().node())
          .link()
          .send(
              AgentMessage.newBuilder()
                  .setLostEvent(
                      LostEvent.newBuilder()
                          .setSource(LostEventSource.LOST_EVENT_SOURCE_AGENT_DECODE)
                          .setReason(LostReason.LOST_REASON_MALFORMED)
                          .setNodeId(reader.spec().node())
                          .setPoint(reader.point())
                          .setCount(reader.malformed())
                          .setDetail(
                              reader.malformed()
                                  + " frames of "
                                  + reader.spec().file().getFileName()
                                  + " did not decode (first: "
                                  + reader.firstError().text()
                                  + ")"))
                  .build());
    }
  }

  private long framesRead(String node) {
    long frames = 0;
    for (CaptureReader reader : readersByNode.getOrDefault(node, List.of())) {
      frames += reader.frames();
    }
    return frames;
  }
}
