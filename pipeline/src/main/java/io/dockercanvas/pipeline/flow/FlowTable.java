package io.dockercanvas.pipeline.flow;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.Transport;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The flows seen at one observation point: per 5-tuple (plus VNI and VTEPs for VXLAN) packet and
 * byte counters, first/last seen and the TCP flags seen. Bounded: when {@code maxFlows} flows are
 * tracked, new ones are only counted as untracked. Used by one capture thread only, and {@link
 * #update} works on preallocated arrays: no allocation per packet. {@link #flush} reports changed
 * flows and ends idle ones.
 */
public final class FlowTable {

  private static final int ADDRESS_BYTES = 16;
  private static final int TCP_CLOSING = 0x05; // FIN or RST
  private static final long CLOSED_LINGER_NANOS = Duration.ofSeconds(2).toNanos();

  /**
   * Slots a table starts with; it doubles up to {@code maxFlows} as flows come. A quiet point (most
   * of a node's) then holds a few KiB instead of every slot preallocated (1.9 MiB at 16384 flows).
   */
  static final int INITIAL_SLOTS = 256;

  private final int maxFlows;
  private final long idleNanos;
  private int capacity; // slots allocated now, up to maxFlows
  private int[] index; // open addressing: slot + 1, 0 for empty
  private int mask;
  // per slot
  private long[] hash;
  private byte[] addresses; // source then destination, 16 bytes each
  private int[] ipVersion;
  private int[] ports; // source << 16 | destination
  private int[] protocol;
  private int[] vni;
  private int[] outerSource;
  private int[] outerDestination;
  private long[] packets;
  private long[] bytes;
  private long[] firstSeen;
  private long[] lastSeen;
  private int[] tcpFlags;
  private boolean[] live;
  private boolean[] dirty;
  private int[] freeSlots;
  private int freeCount;
  private long untracked;

  /**
   * @param maxFlows flows tracked at most
   * @param idleTimeout a flow without packets for this long ends (a closed TCP flow after 2 s)
   */
  public FlowTable(int maxFlows, Duration idleTimeout) {
    if (maxFlows < 1) {
      throw new IllegalArgumentException(
          "flow table needs room for at least one flow, not " + maxFlows);
    }
    this.maxFlows = maxFlows;
    this.idleNanos = idleTimeout.toNanos();
    hash = new long[0];
    addresses = new byte[0];
    ipVersion = new int[0];
    ports = new int[0];
    protocol = new int[0];
    vni = new int[0];
    outerSource = new int[0];
    outerDestination = new int[0];
    packets = new long[0];
    bytes = new long[0];
    firstSeen = new long[0];
    lastSeen = new long[0];
    tcpFlags = new int[0];
    live = new boolean[0];
    dirty = new boolean[0];
    freeSlots = new int[0];
    grow(Math.min(maxFlows, INITIAL_SLOTS));
  }

  /**
   * Room for {@code slots} flows: the per-slot arrays copied, the new slots free, the index
   * rebuilt. Allocates only when a table outgrows its slots, never per packet.
   */
  private void grow(int slots) {
    int old = capacity;
    hash = Arrays.copyOf(hash, slots);
    addresses = Arrays.copyOf(addresses, slots * 2 * ADDRESS_BYTES);
    ipVersion = Arrays.copyOf(ipVersion, slots);
    ports = Arrays.copyOf(ports, slots);
    protocol = Arrays.copyOf(protocol, slots);
    vni = Arrays.copyOf(vni, slots);
    outerSource = Arrays.copyOf(outerSource, slots);
    outerDestination = Arrays.copyOf(outerDestination, slots);
    packets = Arrays.copyOf(packets, slots);
    bytes = Arrays.copyOf(bytes, slots);
    firstSeen = Arrays.copyOf(firstSeen, slots);
    lastSeen = Arrays.copyOf(lastSeen, slots);
    tcpFlags = Arrays.copyOf(tcpFlags, slots);
    live = Arrays.copyOf(live, slots);
    dirty = Arrays.copyOf(dirty, slots);
    int[] free = new int[slots];
    System.arraycopy(freeSlots, 0, free, 0, freeCount);
    for (int slot = slots - 1; slot >= old; slot--) {
      free[freeCount++] = slot; // the lowest new slot is taken first
    }
    freeSlots = free;
    capacity = slots;
    int size = Integer.highestOneBit(slots * 2 - 1) << 1;
    index = new int[size];
    mask = size - 1;
    for (int slot = 0; slot < old; slot++) {
      if (live[slot]) {
        insert(hash[slot], slot);
      }
    }
  }

  /** Counts one decoded frame; frames without an IP packet are not flows and are ignored. */
  public void update(DecodedFrame f, int wireLength, long nowNanos) {
    if (f.ipCount() == 0 || f.innermostIsNonIp()) {
      return;
    }
    byte[] b = f.buffer();
    int inner = f.ipCount() - 1;
    int version = f.ipVersion(inner);
    int addressLength = version == 4 ? 4 : 16;
    int source = f.ipSourceOffset(inner);
    int destination = f.ipDestinationOffset(inner);
    int proto = f.ipProtocol(inner);
    boolean hasPorts =
        (f.transport() == Transport.TCP || f.transport() == Transport.UDP)
            && f.hasDestinationPort();
    int portPair = hasPorts ? f.sourcePort() << 16 | f.destinationPort() : 0;
    int tunnel = f.outermostVxlan();
    if (tunnel >= 0 && f.tunnelIpIndex(tunnel) == inner) {
      tunnel = -1; // the frame ends inside the VXLAN header: the carrier is all there is of it
    }
    int tunnelVni = tunnel >= 0 ? f.tunnelVni(tunnel) : 0;
    int outerSrc = 0;
    int outerDst = 0;
    if (tunnel >= 0 && f.ipVersion(f.tunnelIpIndex(tunnel)) == 4) {
      outerSrc = int32(b, f.ipSourceOffset(f.tunnelIpIndex(tunnel)));
      outerDst = int32(b, f.ipDestinationOffset(f.tunnelIpIndex(tunnel)));
    }
    long h = mix(version * 31L + proto, portPair);
    h = mix(h, tunnelVni);
    h = mix(h, (long) outerSrc << 32 | (outerDst & 0xFFFFFFFFL));
    for (int i = 0; i < addressLength; i++) {
      h = mix(h, (b[source + i] & 0xFF) << 8 | (b[destination + i] & 0xFF));
    }
    int slot =
        find(
            h,
            b,
            source,
            destination,
            addressLength,
            version,
            portPair,
            proto,
            tunnelVni,
            outerSrc,
            outerDst);
    if (slot < 0) {
      if (freeCount == 0 && capacity < maxFlows) {
        grow((int) Math.min(maxFlows, 2L * capacity));
      }
      if (freeCount == 0) {
        untracked++;
        return;
      }
      slot = freeSlots[--freeCount];
      live[slot] = true;
      hash[slot] = h;
      ipVersion[slot] = version;
      ports[slot] = portPair;
      protocol[slot] = proto;
      vni[slot] = tunnelVni;
      outerSource[slot] = outerSrc;
      outerDestination[slot] = outerDst;
      int at = slot * 2 * ADDRESS_BYTES;
      Arrays.fill(addresses, at, at + 2 * ADDRESS_BYTES, (byte) 0);
      System.arraycopy(b, source, addresses, at, addressLength);
      System.arraycopy(b, destination, addresses, at + ADDRESS_BYTES, addressLength);
      packets[slot] = 0;
      bytes[slot] = 0;
      tcpFlags[slot] = 0;
      firstSeen[slot] = nowNanos;
      insert(h, slot);
    }
    packets[slot]++;
    bytes[slot] += wireLength;
    lastSeen[slot] = nowNanos;
    if (f.transport() == Transport.TCP) {
      tcpFlags[slot] |= f.tcpFlags();
    }
    dirty[slot] = true;
  }

  private int find(
      long h,
      byte[] b,
      int source,
      int destination,
      int length,
      int version,
      int portPair,
      int proto,
      int tunnelVni,
      int outerSrc,
      int outerDst) {
    for (int i = (int) h & mask; index[i] != 0; i = (i + 1) & mask) {
      int slot = index[i] - 1;
      if (hash[slot] == h
          && ipVersion[slot] == version
          && ports[slot] == portPair
          && protocol[slot] == proto
          && vni[slot] == tunnelVni
          && outerSource[slot] == outerSrc
          && outerDestination[slot] == outerDst
          && Arrays.equals(
              addresses,
              slot * 2 * ADDRESS_BYTES,
              slot * 2 * ADDRESS_BYTES + length,
              b,
              source,
              source + length)
          && Arrays.equals(
              addresses,
              (slot * 2 + 1) * ADDRESS_BYTES,
              (slot * 2 + 1) * ADDRESS_BYTES + length,
              b,
              destination,
              destination + length)) {
        return slot;
      }
    }
    return -1;
  }

  private void insert(long h, int slot) {
    int i = (int) h & mask;
    while (index[i] != 0) {
      i = (i + 1) & mask;
    }
    index[i] = slot + 1;
  }

  /**
   * Reports every flow that changed since the last flush, and ends (reports with {@code ended} and
   * forgets) flows idle for the idle timeout, or closed by FIN/RST and quiet for 2 s.
   */
  public void flush(long nowNanos, Consumer<FlowSummary> report) {
    boolean removed = false;
    for (int slot = 0; slot < capacity; slot++) {
      if (!live[slot]) {
        continue;
      }
      long idle = nowNanos - lastSeen[slot];
      boolean ended =
          idle >= idleNanos || ((tcpFlags[slot] & TCP_CLOSING) != 0 && idle >= CLOSED_LINGER_NANOS);
      if (dirty[slot] || ended) {
        report.accept(summary(slot, ended));
        dirty[slot] = false;
      }
      if (ended) {
        live[slot] = false;
        freeSlots[freeCount++] = slot;
        removed = true;
      }
    }
    if (removed) {
      Arrays.fill(index, 0);
      for (int slot = 0; slot < capacity; slot++) {
        if (live[slot]) {
          insert(hash[slot], slot);
        }
      }
    }
  }

  private FlowSummary summary(int slot, boolean ended) {
    int length = ipVersion[slot] == 4 ? 4 : 16;
    int at = slot * 2 * ADDRESS_BYTES;
    boolean tunnel = outerSource[slot] != 0 || outerDestination[slot] != 0;
    return new FlowSummary(
        ipVersion[slot],
        Arrays.copyOfRange(addresses, at, at + length),
        Arrays.copyOfRange(addresses, at + ADDRESS_BYTES, at + ADDRESS_BYTES + length),
        ports[slot] >>> 16,
        ports[slot] & 0xFFFF,
        protocol[slot],
        vni[slot],
        tunnel ? bytes4(outerSource[slot]) : new byte[0],
        tunnel ? bytes4(outerDestination[slot]) : new byte[0],
        packets[slot],
        bytes[slot],
        firstSeen[slot],
        lastSeen[slot],
        tcpFlags[slot],
        ended);
  }

  /** Flows tracked now. */
  public int size() {
    return capacity - freeCount;
  }

  /** Flows never tracked because the table was full. */
  public long untracked() {
    return untracked;
  }

  private static long mix(long h, long value) {
    long x = (h ^ value) * 0x9E3779B97F4A7C15L;
    return x ^ (x >>> 29);
  }

  private static int int32(byte[] b, int at) {
    return (b[at] & 0xFF) << 24
        | (b[at + 1] & 0xFF) << 16
        | (b[at + 2] & 0xFF) << 8
        | (b[at + 3] & 0xFF);
  }

  private static byte[] bytes4(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}
