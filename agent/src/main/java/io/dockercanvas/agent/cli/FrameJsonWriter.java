package io.dockercanvas.agent.cli;

import io.dockercanvas.agent.decode.DecodeError;
import io.dockercanvas.agent.decode.DecodedFrame;
import io.dockercanvas.agent.pcapfile.CapturedFrame;
import java.io.IOException;

/**
 * Writes one decoded frame as one JSON line, the contract in docs/decode-output.md. Keys that do
 * not apply to a frame are left out, never written as null.
 */
final class FrameJsonWriter {
    private final AsciiOutput out;

    FrameJsonWriter(AsciiOutput out) {
        this.out = out;
    }

    /** @param fingerprint the frame's fingerprint, written when {@code hasFingerprint} */
    void write(long frameNumber, CapturedFrame record, DecodedFrame f, boolean hasFingerprint, long fingerprint)
            throws IOException {
        byte[] b = f.buffer();
        out.ascii("{\"frame\":").number(frameNumber)
                .ascii(",\"ts_ns\":").number(record.timestampNanos())
                .ascii(",\"caplen\":").number(record.caplen())
                .ascii(",\"len\":").number(record.origLen());
        int vxlan = f.outermostVxlan();
        if (vxlan >= 0) {
            int ip = f.tunnelIpIndex(vxlan);
            out.ascii(",\"outer\":{\"src\":\"").ip(b, f.ipSourceOffset(ip), f.ipVersion(ip))
                    .ascii("\",\"dst\":\"").ip(b, f.ipDestinationOffset(ip), f.ipVersion(ip))
                    .ascii("\",\"sport\":").number(f.tunnelSourcePort(vxlan))
                    .ascii(",\"dport\":").number(f.tunnelDestinationPort(vxlan))
                    .ascii(",\"vni\":").number(f.tunnelVni(vxlan)).ch('}');
        }
        if (f.ethCount() > 0) {
            int eth = f.ethCount() - 1;
            out.ascii(",\"eth\":{\"src\":\"").mac(b, f.ethSourceOffset(eth))
                    .ascii("\",\"dst\":\"").mac(b, f.ethDestinationOffset(eth)).ascii("\"}");
        }
        if (f.ipCount() > 0) {
            writeIp(b, f, f.ipCount() - 1);
        }
        writeTransport(f);
        if (hasFingerprint) {
            out.ascii(",\"fp\":\"").hex64(fingerprint).ch('"');
        }
        if (f.error() != DecodeError.NONE) {
            out.ascii(",\"error\":\"").ascii(f.error().text());
            if (f.errorOffset() >= 0) {
                out.ascii(" at byte ").number(f.errorOffset());
            }
            out.ch('"');
        }
        out.ascii("}\n");
    }

    private void writeIp(byte[] b, DecodedFrame f, int ip) throws IOException {
        out.ascii(",\"ip\":{\"src\":\"").ip(b, f.ipSourceOffset(ip), f.ipVersion(ip))
                .ascii("\",\"dst\":\"").ip(b, f.ipDestinationOffset(ip), f.ipVersion(ip)).ch('"');
        if (f.ipId(ip) >= 0) {
            out.ascii(",\"id\":").number(f.ipId(ip));
        }
        out.ascii(",\"proto\":").number(f.ipProtocol(ip))
                .ascii(",\"ttl\":").number(f.ipTtl(ip)).ch('}');
    }

    private void writeTransport(DecodedFrame f) throws IOException {
        switch (f.transport()) {
            case TCP -> out.ascii(",\"tcp\":{\"sport\":").number(f.sourcePort())
                    .ascii(",\"dport\":").number(f.destinationPort())
                    .ascii(",\"seq\":").number(f.tcpSeq())
                    .ascii(",\"ack\":").number(f.tcpAck())
                    .ascii(",\"flags\":").number(f.tcpFlags())
                    .ascii(",\"len\":").number(f.payloadLength()).ch('}');
            case UDP -> out.ascii(",\"udp\":{\"sport\":").number(f.sourcePort())
                    .ascii(",\"dport\":").number(f.destinationPort())
                    .ascii(",\"len\":").number(f.payloadLength()).ch('}');
            case ICMP, ICMPV6 -> {
                out.ascii(",\"icmp\":{\"type\":").number(f.icmpType()).ascii(",\"code\":").number(f.icmpCode());
                if (f.icmpEcho()) {
                    out.ascii(",\"id\":").number(f.icmpId()).ascii(",\"seq\":").number(f.icmpSeq());
                }
                out.ch('}');
            }
            default -> {
            }
        }
    }
}
