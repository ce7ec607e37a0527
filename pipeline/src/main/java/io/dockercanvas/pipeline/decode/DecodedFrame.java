package io.dockercanvas.pipeline.decode;

import static io.dockercanvas.pipeline.decode.NetworkOrder.u16;
import static io.dockercanvas.pipeline.decode.NetworkOrder.u32;

/**
 * What {@link FrameDecoder} found in one frame, layer by layer, outermost first.
 *
 * <p>Deliberately a mutable holder and not a record: the decoder runs for every captured packet,
 * and an object (or a few per layer) per packet would be millions of short-lived allocations per
 * second on the capture path. One instance is reused for every frame; addresses and MACs are kept
 * as offsets into the frame buffer instead of copies, so they are only valid until that buffer is
 * reused for the next frame. Copy out what must outlive the frame.
 *
 * <p>When decoding stops at a fault, {@link #error()} says why and where, and everything decoded
 * before the fault stays readable. A transport header cut by the capture keeps the fields that were
 * captured whole; the {@code has...} methods say which (the others read as 0).
 */
public final class DecodedFrame {
  /** Tunnels (VXLAN, Geneve) followed inside one frame; deeper nesting is reported as an error. */
  public static final int MAX_TUNNELS = 8;

  static final int MAX_LAYERS = MAX_TUNNELS + 1;
  static final int WHOLE = Integer.MAX_VALUE;

  byte[] buffer;
  int frameOffset;
  int capturedEnd;

  /** Where the frame would end had it been captured whole (from the original length). */
  int wireEnd;

  int linkType;
  DecodeError error = DecodeError.NONE;
  int errorOffset;

  int ethCount;
  final int[] ethOffset = new int[MAX_LAYERS];

  int ipCount;
  final int[] ipOffset = new int[MAX_LAYERS];
  final int[] ipVersion = new int[MAX_LAYERS];
  final long[] ipId = new long[MAX_LAYERS];
  final int[] ipProtocol = new int[MAX_LAYERS];
  final int[] ipTtl = new int[MAX_LAYERS];
  final int[] ipFragmentOffset = new int[MAX_LAYERS];
  final boolean[] ipMoreFragments = new boolean[MAX_LAYERS];

  /** Where each IP layer's payload starts, its length from the header, and its captured end. */
  final int[] ipPayloadOffset = new int[MAX_LAYERS];

  final int[] ipPayloadLength = new int[MAX_LAYERS];
  final int[] ipEnd = new int[MAX_LAYERS];

  int tunnelCount;
  final TunnelKind[] tunnelKind = new TunnelKind[MAX_TUNNELS];
  final int[] tunnelVni = new int[MAX_TUNNELS];
  final int[] tunnelIpIndex = new int[MAX_TUNNELS];
  final int[] tunnelSourcePort = new int[MAX_TUNNELS];
  final int[] tunnelDestinationPort = new int[MAX_TUNNELS];

  /** Ethertype of the innermost payload when it is not IP (ARP inside VXLAN, say), else -1. */
  int nonIpEtherType;

  int nonIpOffset;

  /**
   * True once the innermost packet's transport was reached: its IP header whole, no tunnel left
   * unentered.
   */
  boolean innermostReached;

  Transport transport;

  /**
   * Bytes of the transport header that were captured; {@link #WHOLE} when the frame does not end
   * inside it.
   */
  int transportCaptured;

  int sourcePort;
  int destinationPort;
  long tcpSeq;
  long tcpAck;
  int tcpFlags;
  int icmpType;
  int icmpCode;
  boolean icmpEcho;
  int icmpId;
  int icmpSeq;

  /** Start and length (from the headers, not the capture) of what the innermost layer carries. */
  int payloadOffset;

  int payloadLength;

  /**
   * IP header quoted by an ICMP error (-1 when none) and the first bytes of its transport header.
   */
  int quotedIpOffset;

  int quotedIpVersion;
  int quotedProtocol;
  int quotedL4Offset;

  void reset(byte[] buf, int off, int caplen, int origLen, int linkType) {
    this.buffer = buf;
    this.frameOffset = off;
    this.capturedEnd = off + caplen;
    this.wireEnd = off + Math.max(caplen, origLen);
    this.linkType = linkType;
    error = DecodeError.NONE;
    errorOffset = 0;
    ethCount = 0;
    ipCount = 0;
    tunnelCount = 0;
    nonIpEtherType = -1;
    resetTransport();
  }

  void resetTransport() {
    innermostReached = false;
    transport = Transport.NONE;
    transportCaptured = WHOLE;
    sourcePort = destinationPort = 0;
    tcpSeq = tcpAck = 0;
    tcpFlags = icmpType = icmpCode = icmpId = icmpSeq = 0;
    icmpEcho = false;
    payloadOffset = payloadLength = 0;
    quotedIpOffset = quotedL4Offset = -1;
    quotedIpVersion = quotedProtocol = 0;
  }

  /**
   * Adds an IP layer (the new innermost packet, so the transport fields start over); -1 when full.
   */
  int addIpLayer(int offset, int version) {
    if (ipCount == MAX_LAYERS) {
      fail(DecodeError.TUNNEL_TOO_DEEP, offset);
      return -1;
    }
    int i = ipCount++;
    ipOffset[i] = offset;
    ipVersion[i] = version;
    ipId[i] = -1;
    ipProtocol[i] = ipTtl[i] = ipFragmentOffset[i] = 0;
    ipMoreFragments[i] = false;
    ipPayloadOffset[i] = ipPayloadLength[i] = 0;
    ipEnd[i] = offset;
    resetTransport();
    return i;
  }

  void addEthernet(int offset) {
    if (ethCount < MAX_LAYERS) {
      ethOffset[ethCount++] = offset;
    }
  }

  void addTunnel(TunnelKind kind, int vni, int ipIndex) {
    int t = tunnelCount++;
    tunnelKind[t] = kind;
    tunnelVni[t] = vni;
    tunnelIpIndex[t] = ipIndex;
    tunnelSourcePort[t] = sourcePort;
    tunnelDestinationPort[t] = destinationPort;
  }

  void markNonIp(int etherType, int offset) {
    nonIpEtherType = etherType;
    nonIpOffset = offset;
    innermostReached = true;
  }

  /** Records the first fault; decoding stops there. Offsets are absolute in the buffer. */
  void fail(DecodeError reason, int absoluteOffset) {
    if (error == DecodeError.NONE) {
      error = reason;
      errorOffset = absoluteOffset - frameOffset;
    }
  }

  /** For faults the capture file reports about a record (they win over header faults). */
  public void failRecord(DecodeError reason) {
    error = reason;
    errorOffset = -1;
  }

  public byte[] buffer() {
    return buffer;
  }

  public int frameOffset() {
    return frameOffset;
  }

  public int capturedEnd() {
    return capturedEnd;
  }

  /** The frame's length on the wire (at least what was captured). */
  public int wireLength() {
    return wireEnd - frameOffset;
  }

  public int linkType() {
    return linkType;
  }

  public DecodeError error() {
    return error;
  }

  /** Byte offset of the fault from the frame start, or -1 for record-level faults. */
  public int errorOffset() {
    return errorOffset;
  }

  /** Ethernet headers, outermost first; each offset points at the destination MAC. */
  public int ethCount() {
    return ethCount;
  }

  public int ethOffset(int i) {
    return ethOffset[i];
  }

  public int ethDestinationOffset(int i) {
    return ethOffset[i];
  }

  public int ethSourceOffset(int i) {
    return ethOffset[i] + 6;
  }

  /** IP headers (v4 or v6), outermost first. */
  public int ipCount() {
    return ipCount;
  }

  public int ipVersion(int i) {
    return ipVersion[i];
  }

  public int ipOffset(int i) {
    return ipOffset[i];
  }

  public int ipSourceOffset(int i) {
    return ipOffset[i] + (ipVersion[i] == 4 ? 12 : 8);
  }

  public int ipDestinationOffset(int i) {
    return ipOffset[i] + (ipVersion[i] == 4 ? 16 : 24);
  }

  /** IPv4 identification; for IPv6 the fragment header's identification, or -1 without one. */
  public long ipId(int i) {
    return ipId[i];
  }

  /** IPv4 protocol, or the IPv6 upper-layer protocol after extension headers. */
  public int ipProtocol(int i) {
    return ipProtocol[i];
  }

  /** IPv4 TTL or IPv6 hop limit. */
  public int ipTtl(int i) {
    return ipTtl[i];
  }

  public int ipFragmentOffset(int i) {
    return ipFragmentOffset[i];
  }

  public boolean ipMoreFragments(int i) {
    return ipMoreFragments[i];
  }

  public boolean isFragment(int i) {
    return ipFragmentOffset[i] != 0 || ipMoreFragments[i];
  }

  /**
   * Bytes the IP header says follow it (IPv6: after the extension headers), whatever was captured.
   */
  public int ipPayloadLength(int i) {
    return ipPayloadLength[i];
  }

  /** Tunnels, outermost first, each with the UDP ports and the IP layer that carried it. */
  public int tunnelCount() {
    return tunnelCount;
  }

  public TunnelKind tunnelKind(int i) {
    return tunnelKind[i];
  }

  public int tunnelVni(int i) {
    return tunnelVni[i];
  }

  public int tunnelIpIndex(int i) {
    return tunnelIpIndex[i];
  }

  public int tunnelSourcePort(int i) {
    return tunnelSourcePort[i];
  }

  public int tunnelDestinationPort(int i) {
    return tunnelDestinationPort[i];
  }

  /** Index of the outermost VXLAN tunnel, or -1. */
  public int outermostVxlan() {
    for (int i = 0; i < tunnelCount; i++) {
      if (tunnelKind[i] == TunnelKind.VXLAN) {
        return i;
      }
    }
    return -1;
  }

  /** True when the innermost payload is not IP (for example ARP carried by VXLAN). */
  public boolean innermostIsNonIp() {
    return nonIpEtherType >= 0;
  }

  public int nonIpEtherType() {
    return nonIpEtherType;
  }

  public int nonIpOffset() {
    return nonIpOffset;
  }

  public int nonIpCaptured() {
    return Math.max(0, capturedEnd - nonIpOffset);
  }

  /**
   * Bytes of the non-IP payload on the wire (from the frame's original length: it has no length
   * field).
   */
  public int nonIpLength() {
    return Math.max(0, wireEnd - nonIpOffset);
  }

  /**
   * Whether decoding got to the innermost packet: a non-IP payload, or an IP packet whose header is
   * whole and whose transport was decoded (completely or not). False when it stopped in an IP
   * header or in a tunnel's headers, where the last packet decoded is only the carrier of the one
   * that matters.
   */
  public boolean innermostReached() {
    return innermostReached;
  }

  /**
   * Transport of the innermost IP packet; ports, TCP and ICMP fields below belong to it. Set as
   * soon as one field of its header was captured; when the frame ends inside the header, only the
   * fields the {@code has...} methods confirm were read.
   */
  public Transport transport() {
    return transport;
  }

  /** The frame ends inside the transport header (its captured fields are still there). */
  public boolean transportCut() {
    return transportCaptured != WHOLE;
  }

  /** Bytes of the transport header captured when {@link #transportCut()}. */
  public int transportCaptured() {
    return transportCaptured;
  }

  public boolean hasSourcePort() {
    return hasPorts() && transportCaptured >= 2;
  }

  public boolean hasDestinationPort() {
    return hasPorts() && transportCaptured >= 4;
  }

  public boolean hasTcpSeq() {
    return transport == Transport.TCP && transportCaptured >= 8;
  }

  public boolean hasTcpAck() {
    return transport == Transport.TCP && transportCaptured >= 12;
  }

  /** The 12 flag bits end with byte 13 of the header. */
  public boolean hasTcpFlags() {
    return transport == Transport.TCP && transportCaptured >= 14;
  }

  public boolean hasIcmpCode() {
    return isIcmp() && transportCaptured >= 2;
  }

  /** Echo request or reply whose identifier was captured. */
  public boolean hasIcmpId() {
    return isIcmp() && icmpEcho && transportCaptured >= 6;
  }

  public boolean hasIcmpSeq() {
    return isIcmp() && icmpEcho && transportCaptured >= 8;
  }

  /**
   * Whether {@link #payloadLength()} is the transport's: for TCP the data offset (byte 12) was
   * captured, for UDP the length field; otherwise unless the frame ends inside a transport header.
   */
  public boolean hasPayloadLength() {
    return switch (transport) {
      case TCP -> transportCaptured >= 13;
      case UDP -> transportCaptured >= 6;
      default -> !transportCut();
    };
  }

  private boolean hasPorts() {
    return transport == Transport.TCP || transport == Transport.UDP;
  }

  private boolean isIcmp() {
    return transport == Transport.ICMP || transport == Transport.ICMPV6;
  }

  public int sourcePort() {
    return sourcePort;
  }

  public int destinationPort() {
    return destinationPort;
  }

  public long tcpSeq() {
    return tcpSeq;
  }

  public long tcpAck() {
    return tcpAck;
  }

  /** The 12 TCP flag bits (CWR..FIN plus the reserved/AE bits), as tshark's tcp.flags. */
  public int tcpFlags() {
    return tcpFlags;
  }

  public int icmpType() {
    return icmpType;
  }

  public int icmpCode() {
    return icmpCode;
  }

  /** Echo request or reply: only then are {@link #icmpId()} and {@link #icmpSeq()} set. */
  public boolean icmpEcho() {
    return icmpEcho;
  }

  public int icmpId() {
    return icmpId;
  }

  public int icmpSeq() {
    return icmpSeq;
  }

  /** Start of the innermost payload (TCP/UDP data, ICMP body, fragment data, non-IP payload). */
  public int payloadOffset() {
    return payloadOffset;
  }

  /** Its length according to the headers; fewer bytes may have been captured. */
  public int payloadLength() {
    return payloadLength;
  }

  public int payloadCaptured() {
    return Math.max(0, Math.min(payloadLength, capturedEnd - payloadOffset));
  }

  /** The IP header quoted inside an ICMP error, or -1. Quoted fields may be cut short. */
  public int quotedIpOffset() {
    return quotedIpOffset;
  }

  public int quotedIpVersion() {
    return quotedIpVersion;
  }

  public int quotedProtocol() {
    return quotedProtocol;
  }

  /** Start of the quoted transport header, or -1 when it was not captured. */
  public int quotedL4Offset() {
    return quotedL4Offset;
  }

  /** Quoted IPv4 identification (-1 for IPv6 or when absent). */
  public long quotedIpId() {
    return quotedIpOffset >= 0 && quotedIpVersion == 4 ? u16(buffer, quotedIpOffset + 4) : -1;
  }

  /**
   * Reads a 16-bit field of the quoted transport header, or -1 when it was not captured or not
   * quoted.
   */
  public int quotedL4U16(int fieldOffset) {
    int at = quotedL4Offset + fieldOffset;
    return quotedL4Offset >= 0 && at + 2 <= payloadCapturedEnd() ? u16(buffer, at) : -1;
  }

  /**
   * Reads a 32-bit field of the quoted transport header, or -1 when it was not captured or not
   * quoted.
   */
  public long quotedL4U32(int fieldOffset) {
    int at = quotedL4Offset + fieldOffset;
    return quotedL4Offset >= 0 && at + 4 <= payloadCapturedEnd() ? u32(buffer, at) : -1;
  }

  /**
   * Where the captured part of the payload ends: never past the packet, so link-layer padding is
   * not read.
   */
  private int payloadCapturedEnd() {
    return Math.min(capturedEnd, payloadOffset + payloadLength);
  }
}
