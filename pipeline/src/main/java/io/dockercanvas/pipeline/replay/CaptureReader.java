package io.dockercanvas.pipeline.replay;

import io.dockercanvas.pipeline.decode.DecodeError;
import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import io.dockercanvas.pipeline.observation.ObservationMapper;
import io.dockercanvas.pipeline.observation.PointNames;
import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.pcapfile.CaptureFiles;
import io.dockercanvas.pipeline.pcapfile.CapturedFrame;
import io.dockercanvas.pipeline.pcapfile.FileDamage;
import io.dockercanvas.pipeline.pcapfile.FrameSource;
import io.dockercanvas.pipeline.pcapfile.UnreadableCaptureException;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.SamplingReason;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * One capture file read the way the agent reads a live handle: frame by frame into reused holders,
 * decoded, fingerprinted and sampled; only frames that become observations stop {@link #advance}.
 * Frames that are not IP (ARP) are skipped; frames that do not decode are counted as malformed and
 * skipped, and so are IP frames whose capture ends before the payload bytes the fingerprint needs
 * (counted as cut short). A frame cut inside its transport header after the fields the fingerprint
 * needs is an observation.
 */
final class CaptureReader implements Closeable {

  private final CaptureSpec spec;
  private final ObservationPoint point;
  private final FrameSource source;
  private final FrameDecoder decoder = new FrameDecoder();
  private final CapturedFrame record = new CapturedFrame();
  private final DecodedFrame frame = new DecodedFrame();
  private long fingerprint;
  private SamplingReason reason = SamplingReason.SAMPLING_REASON_UNSPECIFIED;

  private long frames;
  private long observations;
  private long notIp;
  private long cutShort;
  private long malformed;
  private long notSampled;
  private DecodeError firstError = DecodeError.NONE;

  private CaptureReader(CaptureSpec spec, FrameSource source) {
    this.spec = spec;
    this.source = source;
    this.point = PointNames.point(spec.node(), spec.point(), spec.namespacePath());
  }

  /** Opens the capture; a missing or unreadable file is refused with the capture named. */
  static CaptureReader open(CaptureSpec spec) throws IOException {
    try {
      return new CaptureReader(spec, CaptureFiles.open(spec.file()));
    } catch (UnreadableCaptureException e) {
      throw new IOException("capture " + spec + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IOException("capture " + spec + ": cannot open: " + e.getMessage(), e);
    }
  }

  /**
   * Moves to the next frame that becomes an observation; false at the end of the file (or its
   * damage).
   */
  boolean advance(SamplingPolicy sampling) throws IOException {
    while (source.next(record)) {
      frames++;
      decoder.decode(
          record.buffer(),
          record.offset(),
          record.caplen(),
          record.origLen(),
          record.linkType(),
          frame);
      if (record.recordError() != DecodeError.NONE) {
        frame.failRecord(record.recordError());
      }
      if (!ObservationMapper.mappable(frame)) {
        if (frame.error() != DecodeError.NONE) {
          malformed++;
          firstError = firstError == DecodeError.NONE ? frame.error() : firstError;
        } else if (frame.ipCount() > 0 && !frame.innermostIsNonIp()) {
          cutShort++;
        } else {
          notIp++;
        }
        continue;
      }
      fingerprint = PacketFingerprint.of(frame);
      reason = sampling.decide(fingerprint, frame);
      if (reason == SamplingReason.SAMPLING_REASON_UNSPECIFIED) {
        notSampled++;
        continue;
      }
      observations++;
      return true;
    }
    return false;
  }

  /**
   * Capture time of the current frame, nanoseconds since the epoch by the capturing machine's
   * clock.
   */
  long timestampNs() {
    return record.timestampNanos();
  }

  /** The current frame as an observation, its time moved by {@code shiftNs}. */
  PacketObservation observation(long shiftNs, int snapLength) {
    return ObservationMapper.observation(
        point,
        record.timestampNanos() + shiftNs,
        record.caplen(),
        record.origLen(),
        frame,
        fingerprint,
        snapLength,
        reason);
  }

  CaptureSpec spec() {
    return spec;
  }

  ObservationPoint point() {
    return point;
  }

  /** What stopped reading before the end of the file, or null. */
  FileDamage damage() {
    return source.damage();
  }

  ReplayTotals totals() {
    FileDamage damage = source.damage();
    return new ReplayTotals(
        frames,
        observations,
        notIp,
        malformed,
        cutShort,
        notSampled,
        damage == null
            ? List.of()
            : List.of(
                "capture "
                    + spec
                    + ": byte "
                    + damage.offset()
                    + ": "
                    + damage.message()
                    + "; replayed the "
                    + frames
                    + " frames before it"));
  }

  long frames() {
    return frames;
  }

  long malformed() {
    return malformed;
  }

  DecodeError firstError() {
    return firstError;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
