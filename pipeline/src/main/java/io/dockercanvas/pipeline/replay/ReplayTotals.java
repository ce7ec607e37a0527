package io.dockercanvas.pipeline.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * What a replay read and sent.
 *
 * @param frames frames read from the capture files
 * @param observations frames sent as observations
 * @param notIp frames that carry no IP packet (ARP, ...): nothing to follow
 * @param malformed frames that did not decode, or whose capture ends inside a header before a field
 *     the fingerprint needs (reported to the collector as lost)
 * @param cutShort IP frames decoded without error whose capture ends before payload bytes the
 *     fingerprint needs: no identity to match them by at other points (see docs/decode-output.md)
 * @param notSampled IP frames left out by the collector's sampling
 * @param warnings damaged files and the like, one line each
 */
public record ReplayTotals(
    long frames,
    long observations,
    long notIp,
    long malformed,
    long cutShort,
    long notSampled,
    List<String> warnings) {

  public static final ReplayTotals NONE = new ReplayTotals(0, 0, 0, 0, 0, 0, List.of());

  public ReplayTotals {
    warnings = List.copyOf(warnings);
  }

  public ReplayTotals plus(ReplayTotals other) {
    List<String> all = new ArrayList<>(warnings);
    all.addAll(other.warnings);
    return new ReplayTotals(
        frames + other.frames,
        observations + other.observations,
        notIp + other.notIp,
        malformed + other.malformed,
        cutShort + other.cutShort,
        notSampled + other.notSampled,
        all);
  }
}
