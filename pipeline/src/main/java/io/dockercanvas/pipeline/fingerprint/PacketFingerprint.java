package io.dockercanvas.pipeline.fingerprint;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.Transport;
import io.dockercanvas.pipeline.decode.TransportLayer;

/**
 * A 64-bit identity of a packet that stays the same across DNAT, SNAT and VXLAN encapsulation, so
 * that observations of one packet at different points (and nodes) can be matched.
 *
 * <p>It hashes only what those rewrites leave alone, taken from the innermost packet: IP version,
 * IPv4 identification (IPv6: fragment identification), protocol and fragment position, then
 *
 * <ul>
 *   <li>TCP: the IP payload length and the sequence and acknowledgement numbers;
 *   <li>ICMP echo: the IP payload length, type, code, identifier and sequence number;
 *   <li>ICMP errors: type, code, length, and the quoted packet's IP identification, protocol and
 *       invariant transport field (TCP sequence number, UDP length, ICMP type and sequence), since
 *       NAT rewrites the quoted addresses, ports and checksums too;
 *   <li>UDP, other protocols, non-first fragments and non-IP payloads (ARP): the payload length and
 *       the first {@value #PAYLOAD_BYTES} payload bytes ({@value #NON_IP_BYTES} for non-IP).
 * </ul>
 *
 * Never addresses, ports, TTL, checksums, MACs, or TCP flags.
 *
 * <p><b>Cut frames.</b> The fingerprint is a function of the packet, never of the snap length: it
 * exists only when every field it hashes was captured (the payload bytes: all of them when the
 * payload is shorter). A frame cut before one of them has none ({@link #applies} is false) rather
 * than a hash of fewer fields, which would neither match the same packet seen whole elsewhere nor
 * give the same sampling decision. TCP and ICMP echo need no payload bytes and TCP nothing past the
 * acknowledgement number, so a VXLAN frame cut by tcpdump's classic {@code -s 96} inside the inner
 * TCP header still has its fingerprint. Nor is there one when decoding stopped before the innermost
 * packet (inside a tunnel's headers, or in an IP header): the last packet decoded is then only a
 * carrier.
 *
 * <p>Each field goes through a multiply-rotate step and the result through the MurmurHash3 64-bit
 * finalizer, so the bits are well mixed: "fingerprint below k/N of the hash space" keeps a fair k/N
 * sample, the same one at every observation point.
 */
public final class PacketFingerprint {
  static final int PAYLOAD_BYTES = 16;

  /** Non-IP payloads (ARP is 28 bytes) have no length field to go by, so a fixed prefix is used. */
  static final int NON_IP_BYTES = 32;

  /**
   * An ICMP error's quote is read up to here past the quoted IP header (RFC 792 quotes at least 8
   * bytes).
   */
  private static final int QUOTED_TRANSPORT_BYTES = 8;

  private static final long SEED = 0x2545F4914F6CDD1DL;

  private PacketFingerprint() {}

  /**
   * Whether the frame has a fingerprint: decoding reached its innermost packet (IP or another
   * layer-3 payload) and every field the fingerprint hashes was captured.
   */
  public static boolean applies(DecodedFrame f) {
    if (!f.innermostReached()) {
      return false;
    }
    if (f.innermostIsNonIp()) {
      return f.nonIpCaptured() >= Math.min(NON_IP_BYTES, f.nonIpLength());
    }
    return switch (f.transport()) {
      case TCP -> f.hasTcpAck();
      case ICMP, ICMPV6 -> f.icmpEcho() ? f.hasIcmpSeq() : f.hasIcmpCode() && icmpBodyCaptured(f);
      case UDP -> f.hasPayloadLength() && payloadCaptured(f);
      // a header cut before one field was captured: its length and payload are not known
      default -> !f.transportCut() && payloadCaptured(f);
    };
  }

  /**
   * The fingerprint of the frame's innermost packet; meaningful only when {@link #applies}.
   * Allocates nothing.
   */
  public static long of(DecodedFrame f) {
    byte[] b = f.buffer();
    if (f.innermostIsNonIp()) {
      int count = Math.min(NON_IP_BYTES, Math.min(f.nonIpLength(), f.nonIpCaptured()));
      long h = step(SEED, (long) f.nonIpEtherType() << 32 | 0x10000 | count);
      return finish(bytes(h, b, f.nonIpOffset(), count));
    }
    if (f.ipCount() == 0) {
      return finish(SEED);
    }
    int i = f.ipCount() - 1;
    // Fields are packed into as few 64-bit steps as they fit: this runs for every packet.
    long h =
        step(
            SEED,
            (long) f.ipVersion(i) << 56
                | (long) f.ipProtocol(i) << 48
                | (long) f.ipFragmentOffset(i) << 1
                | (f.ipMoreFragments(i) ? 1 : 0));
    h = step(h, f.ipId(i));
    Transport transport = f.transport();
    if (transport == Transport.TCP) {
      h = step(h, f.ipPayloadLength(i));
      h = step(h, f.tcpSeq() << 32 | f.tcpAck());
    } else if (transport == Transport.ICMP || transport == Transport.ICMPV6) {
      h = icmp(h, b, f, i);
    } else {
      h = payload(h, b, f);
    }
    return finish(h);
  }

  private static long icmp(long h, byte[] b, DecodedFrame f, int i) {
    if (f.icmpEcho()) {
      long echo =
          (long) f.icmpType() << 40
              | (long) f.icmpCode() << 32
              | (long) f.icmpId() << 16
              | f.icmpSeq();
      return step(step(h, echo), f.ipPayloadLength(i));
    }
    h = step(h, f.icmpType() << 8 | f.icmpCode());
    if (f.quotedIpOffset() < 0) {
      return payload(h, b, f);
    }
    h = step(h, f.payloadLength());
    h = step(h, f.quotedIpId());
    h = step(h, f.quotedProtocol());
    return switch (f.quotedProtocol()) {
      case TransportLayer.TCP -> step(h, f.quotedL4U32(4));
      case TransportLayer.UDP -> step(h, f.quotedL4U16(4));
      case TransportLayer.ICMP, TransportLayer.ICMPV6 ->
          step(step(h, f.quotedL4U16(0)), f.quotedL4U16(6));
      default -> h;
    };
  }

  /** The payload bytes the fingerprint hashes were all captured. */
  private static boolean payloadCaptured(DecodedFrame f) {
    return f.payloadCaptured() >= Math.min(PAYLOAD_BYTES, f.payloadLength());
  }

  /**
   * An ICMP message other than echo: its header whole, and of its body either all of it or, when
   * the body starts like an IP header (an error's quote), that header and {@value
   * #QUOTED_TRANSPORT_BYTES} bytes after it (where the quoted invariant fields are), else the first
   * {@value #PAYLOAD_BYTES} bytes. Decided from the packet alone, so that every point hashes the
   * same fields.
   */
  private static boolean icmpBodyCaptured(DecodedFrame f) {
    if (f.transportCut()) {
      return false;
    }
    int body = f.payloadLength();
    int captured = f.payloadCaptured();
    if (captured >= body) {
      return true;
    }
    if (captured == 0) {
      return false;
    }
    int first = f.buffer()[f.payloadOffset()] & 0xFF;
    int quotedHeader =
        switch (first >> 4) {
          case 4 -> Math.max(20, (first & 0x0F) * 4);
          case 6 -> 40;
          default -> 0; // not an IP header: hashed as payload bytes
        };
    return captured
        >= Math.min(body, quotedHeader > 0 ? quotedHeader + QUOTED_TRANSPORT_BYTES : PAYLOAD_BYTES);
  }

  private static long payload(long h, byte[] b, DecodedFrame f) {
    int count = Math.min(PAYLOAD_BYTES, f.payloadCaptured());
    return bytes(step(h, (long) f.payloadLength() << 8 | count), b, f.payloadOffset(), count);
  }

  /** Hashes {@code count} bytes from {@code at} in eight-byte words, zero-padded. */
  private static long bytes(long h, byte[] b, int at, int count) {
    for (int done = 0; done < count; done += 8) {
      long word = 0;
      int end = Math.min(count, done + 8);
      for (int k = done; k < end; k++) {
        word = word << 8 | (b[at + k] & 0xFF);
      }
      h = step(h, word);
    }
    return h;
  }

  private static long step(long h, long value) {
    return Long.rotateLeft(h ^ value * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
  }

  /** MurmurHash3's fmix64: every input bit affects every output bit. */
  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ h >>> 33;
  }
}
