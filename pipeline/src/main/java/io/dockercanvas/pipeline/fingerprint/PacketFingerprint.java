package io.dockercanvas.pipeline.fingerprint;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.Transport;
import io.dockercanvas.pipeline.decode.TransportLayer;
/**
 * A 64-bit identity of a packet that stays the same across DNAT, SNAT and VXLAN encapsulation,
 * so that observations of one packet at different points (and nodes) can be matched.
 *
 * <p>It hashes only what those rewrites leave alone, taken from the innermost packet:
 * IP version, IPv4 identification (IPv6: fragment identification), protocol and fragment
 * position; for TCP the sequence and acknowledgement numbers, flags, payload length and first
 * {@value #PAYLOAD_BYTES} payload bytes; for UDP and other protocols the payload length and first
 * bytes; for ICMP echo the type, code, identifier, sequence number and payload. Never addresses,
 * ports, TTL, checksums or MACs.
 *
 * <p>An ICMP error quotes the packet that caused it, and NAT rewrites the quoted addresses,
 * ports and checksums too; so for errors only the quoted packet's IP identification, protocol and
 * invariant transport fields (TCP sequence number, UDP length, ICMP type and sequence) are used.
 * A non-first fragment has no transport header: its fragment offset and data are used instead.
 * Payload bytes beyond the capture's snap length cannot be hashed, so points that must agree need
 * a snap length covering the headers plus {@value #PAYLOAD_BYTES} bytes.
 *
 * <p>Each field goes through a multiply-rotate step and the result through the MurmurHash3
 * 64-bit finalizer, so the bits are well mixed: "fingerprint below k/N of the hash space" keeps
 * a fair k/N sample, the same one at every observation point.
 */
public final class PacketFingerprint {
    static final int PAYLOAD_BYTES = 16;
    /** Non-IP payloads (ARP is 28 bytes) have no length field to go by, so a fixed prefix is used. */
    static final int NON_IP_BYTES = 32;
    private static final long SEED = 0x2545F4914F6CDD1DL;

    private PacketFingerprint() {
    }

    /** Whether the frame reached a layer-3 packet (IP or another ethertype) to fingerprint. */
    public static boolean applies(DecodedFrame f) {
        return f.ipCount() > 0 || f.innermostIsNonIp();
    }

    /** The fingerprint of the frame's innermost packet. Allocates nothing. */
    public static long of(DecodedFrame f) {
        byte[] b = f.buffer();
        if (f.innermostIsNonIp()) {
            int count = Math.min(NON_IP_BYTES, f.nonIpCaptured());
            long h = step(SEED, (long) f.nonIpEtherType() << 32 | 0x10000 | count);
            return finish(bytes(h, b, f.nonIpOffset(), count));
        }
        if (f.ipCount() == 0) {
            return finish(SEED);
        }
        int i = f.ipCount() - 1;
        // Fields are packed into as few 64-bit steps as they fit: this runs for every packet.
        long h = step(SEED, (long) f.ipVersion(i) << 56 | (long) f.ipProtocol(i) << 48
                | (long) f.ipFragmentOffset(i) << 1 | (f.ipMoreFragments(i) ? 1 : 0));
        h = step(h, f.ipId(i));
        Transport transport = f.transport();
        if (transport == Transport.TCP) {
            h = step(h, f.tcpSeq() << 32 | f.tcpAck());
            h = step(h, f.tcpFlags());
            h = payload(h, b, f);
        } else if (transport == Transport.ICMP || transport == Transport.ICMPV6) {
            h = icmp(h, b, f);
        } else {
            h = payload(h, b, f);
        }
        return finish(h);
    }

    private static long icmp(long h, byte[] b, DecodedFrame f) {
        if (f.icmpEcho()) {
            long echo = (long) f.icmpType() << 40 | (long) f.icmpCode() << 32 | (long) f.icmpId() << 16 | f.icmpSeq();
            return payload(step(h, echo), b, f);
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
            case TransportLayer.ICMP, TransportLayer.ICMPV6 -> step(step(h, f.quotedL4U16(0)), f.quotedL4U16(6));
            default -> h;
        };
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
