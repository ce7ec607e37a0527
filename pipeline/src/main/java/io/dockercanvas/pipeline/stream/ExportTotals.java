package io.dockercanvas.pipeline.stream;

/**
 * What became of the observations the agent offered for export, counted by the agent itself. Every
 * observation is in exactly one of delivered, lost or pending, so {@code offered = delivered + lost
 * + pending} holds exactly whenever the stream thread is between pumps (and always once it
 * stopped).
 *
 * @param offered observations the captures handed to export (after sampling)
 * @param delivered observations in batches a collector acknowledged, by an Ack or by the resume
 *     point of a HelloAck; counted once however often a batch was sent
 * @param deliveredOnLastStream of those, the ones acknowledged on the current (or last) stream:
 *     after a collector restart, what the new collector instance holds of this agent
 * @param lost observations dropped and reported to the collector as lost events (queue full, or
 *     dropped from the resend buffer while the collector was away)
 * @param pending queued, or sent and not acknowledged yet
 */
public record ExportTotals(
    long offered, long delivered, long deliveredOnLastStream, long lost, long pending) {

  /** One line for the agent's log, e.g. at shutdown. */
  public String summary() {
    return "observations offered "
        + offered
        + ", delivered "
        + delivered
        + " ("
        + deliveredOnLastStream
        + " on the last stream), lost "
        + lost
        + ", pending "
        + pending;
  }
}
