package io.dockercanvas.pipeline.decode;

import java.util.Locale;

/**
 * Why a frame could not be decoded to the end. A frame cut by the capture's snap length after its
 * last complete header is not an error; a frame that ends inside a header, or whose header fields
 * contradict each other, is. An enum so that reporting an error allocates nothing.
 */
public enum DecodeError {
  NONE(""),
  UNSUPPORTED_LINK_TYPE("unsupported link-layer type"),
  TRUNCATED_LINK_HEADER("frame ends inside the link-layer header"),
  TRUNCATED_VLAN_TAG("frame ends inside an 802.1Q tag"),
  TRUNCATED_IPV4_HEADER("frame ends inside the IPv4 header"),
  BAD_IPV4_HEADER_LENGTH("IPv4 header length below 20 bytes"),
  BAD_IPV4_TOTAL_LENGTH("IPv4 total length shorter than its header"),
  BAD_IP_VERSION("IP version does not match the header type"),
  TRUNCATED_IPV6_HEADER("frame ends inside the IPv6 header"),
  TRUNCATED_IPV6_EXTENSION("frame ends inside an IPv6 extension header"),
  BAD_IPV6_EXTENSION_LENGTH("IPv6 extension headers longer than the payload"),
  TRUNCATED_TCP_HEADER("frame ends inside the TCP header"),
  BAD_TCP_HEADER_LENGTH("TCP header length below 20 bytes or beyond the IP payload"),
  TRUNCATED_UDP_HEADER("frame ends inside the UDP header"),
  BAD_UDP_LENGTH("UDP length below 8 bytes or beyond the IP payload"),
  TRUNCATED_ICMP_HEADER("frame ends inside the ICMP header"),
  TRUNCATED_VXLAN_HEADER("frame ends inside the VXLAN header"),
  TRUNCATED_GENEVE_HEADER("frame ends inside the Geneve header or its options"),
  TUNNEL_TOO_DEEP("tunnels nested deeper than " + DecodedFrame.MAX_TUNNELS),
  RECORD_CUT_BY_END_OF_FILE("capture file ends inside this record"),
  UNKNOWN_INTERFACE("packet block names an interface its section does not describe"),
  BLOCK_SHORTER_THAN_PACKET("packet block is shorter than its captured length");

  private final String text;

  DecodeError(String text) {
    this.text = text;
  }

  /** Short human-readable reason, as printed in the {@code error} key. */
  public String text() {
    return text;
  }

  /** Stable snake_case name used as a key in {@code --stats} totals. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The frame ends inside the innermost packet's transport header (cut by the snap length): the
   * fields before the cut are decoded, and the packet is otherwise whole.
   */
  public boolean isTransportHeaderCut() {
    return this == TRUNCATED_TCP_HEADER
        || this == TRUNCATED_UDP_HEADER
        || this == TRUNCATED_ICMP_HEADER;
  }

  /** Record-level faults come from the capture file, not from the frame's headers. */
  public boolean isRecordLevel() {
    return this == RECORD_CUT_BY_END_OF_FILE
        || this == UNKNOWN_INTERFACE
        || this == BLOCK_SHORTER_THAN_PACKET;
  }
}
