package io.dockercanvas.agent.netns;

import static io.dockercanvas.agent.netns.RtnetlinkSocket.HEADER_LENGTH;
import static io.dockercanvas.agent.netns.RtnetlinkSocket.align;

import io.dockercanvas.agent.netns.NetInterface.VxlanSettings;
import io.dockercanvas.pipeline.observation.AddressText;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Turns rtnetlink dump replies (RTM_NEWLINK, RTM_NEWNEIGH messages back to back, host byte order)
 * into records. Constants are from linux/rtnetlink.h, if_link.h and neighbour.h.
 */
final class RtnetlinkParser {

  private static final int RTM_NEWLINK = 16;
  private static final int RTM_NEWADDR = 20;
  private static final int RTM_NEWNEIGH = 28;
  private static final int IFADDRMSG_LENGTH = 8;
  private static final int IFA_ADDRESS = 1;
  private static final int IFA_LOCAL = 2;
  private static final int AF_INET6 = 10;
  private static final int RT_SCOPE_LINK = 253;
  private static final int IFINFOMSG_LENGTH = 16;
  private static final int NDMSG_LENGTH = 12;
  private static final int ATTRIBUTE_TYPE_MASK =
      0x3fff; // drops NLA_F_NESTED and NLA_F_NET_BYTEORDER
  private static final int IFF_UP = 0x1;
  private static final int ARPHRD_LOOPBACK = 772;

  private static final int IFLA_ADDRESS = 1;
  private static final int IFLA_IFNAME = 3;
  private static final int IFLA_MTU = 4;
  private static final int IFLA_LINK = 5;
  private static final int IFLA_MASTER = 10;
  private static final int IFLA_LINKINFO = 18;
  private static final int IFLA_LINK_NETNSID = 37;
  private static final int IFLA_INFO_KIND = 1;
  private static final int IFLA_INFO_DATA = 2;
  private static final int IFLA_VXLAN_ID = 1;
  private static final int IFLA_VXLAN_LOCAL = 4;
  private static final int IFLA_VXLAN_PORT = 15;
  private static final int IFLA_VXLAN_LOCAL6 = 17;

  private static final int NDA_DST = 1;
  private static final int NDA_LLADDR = 2;
  private static final int NDA_MASTER = 9;
  private static final int NTF_SELF = 0x02;
  private static final int NUD_PERMANENT = 0x80;

  private RtnetlinkParser() {}

  /** Parses an RTM_GETLINK dump. */
  static List<NetInterface> links(byte[] dump) {
    List<NetInterface> links = new ArrayList<>();
    forEachMessage(dump, RTM_NEWLINK, (buffer, body) -> links.add(link(buffer, body)));
    return links;
  }

  /** Parses an RTM_GETNEIGH dump of family AF_BRIDGE. */
  static List<FdbEntry> fdb(byte[] dump) {
    List<FdbEntry> entries = new ArrayList<>();
    forEachMessage(dump, RTM_NEWNEIGH, (buffer, body) -> entries.add(fdbEntry(buffer, body)));
    return entries;
  }

  /**
   * Parses an RTM_GETADDR dump: each interface's addresses as CIDR text. IPv6 link-local addresses
   * are left out (every interface has one; they say nothing about the networks a packet crosses).
   */
  static List<InterfaceAddress> addresses(byte[] dump) {
    List<InterfaceAddress> addresses = new ArrayList<>();
    forEachMessage(
        dump,
        RTM_NEWADDR,
        (buffer, body) -> {
          int family = buffer.get(body) & 0xff;
          int prefixLength = buffer.get(body + 1) & 0xff;
          int scope = buffer.get(body + 3) & 0xff;
          int index = buffer.getInt(body + 4);
          String[] localAndAddress = {"", ""};
          forEachAttribute(
              buffer,
              body + IFADDRMSG_LENGTH,
              buffer.limit(),
              (type, value) -> {
                switch (type) {
                  case IFA_LOCAL -> localAndAddress[0] = address(value);
                  case IFA_ADDRESS -> localAndAddress[1] = address(value);
                  default -> {}
                }
              });
          // On a point-to-point link IFA_ADDRESS is the peer's; IFA_LOCAL, where present, is always
          // our own.
          String address = localAndAddress[0].isEmpty() ? localAndAddress[1] : localAndAddress[0];
          if (!address.isEmpty() && !(family == AF_INET6 && scope == RT_SCOPE_LINK)) {
            addresses.add(new InterfaceAddress(index, address + "/" + prefixLength));
          }
        });
    return addresses;
  }

  private static NetInterface link(ByteBuffer message, int bodyOffset) {
    int hardwareType = message.getShort(bodyOffset + 2) & 0xffff;
    int index = message.getInt(bodyOffset + 4);
    int flags = message.getInt(bodyOffset + 8);
    LinkFields link = new LinkFields(hardwareType == ARPHRD_LOOPBACK ? "loopback" : "device");
    forEachAttribute(
        message,
        bodyOffset + IFINFOMSG_LENGTH,
        message.limit(),
        (type, value) -> {
          switch (type) {
            case IFLA_IFNAME -> link.name = string(value);
            case IFLA_ADDRESS -> link.mac = mac(value);
            case IFLA_MTU -> link.mtu = value.getInt(value.position());
            case IFLA_MASTER -> link.master = value.getInt(value.position());
            case IFLA_LINK -> link.linked = value.getInt(value.position());
            case IFLA_LINK_NETNSID -> link.linkInOtherNamespace = true;
            case IFLA_LINKINFO ->
                forEachAttribute(
                    value,
                    value.position(),
                    value.limit(),
                    (infoType, info) -> {
                      if (infoType == IFLA_INFO_KIND) {
                        link.kind = string(info);
                      } else if (infoType == IFLA_INFO_DATA && "vxlan".equals(link.kind)) {
                        link.vxlan = vxlan(info);
                      }
                    });
            default -> {}
          }
        });
    return new NetInterface(
        index,
        link.name,
        link.kind,
        link.mac,
        link.mtu,
        (flags & IFF_UP) != 0,
        link.master,
        link.linked,
        link.linkInOtherNamespace,
        link.vxlan);
  }

  /** What the attribute walk collects for one link. */
  private static final class LinkFields {
    String name = "";
    String kind;
    String mac = "";
    int mtu;
    int master;
    int linked;
    boolean linkInOtherNamespace;
    VxlanSettings vxlan;

    LinkFields(String kindWithoutLinkInfo) {
      this.kind = kindWithoutLinkInfo;
    }
  }

  private static VxlanSettings vxlan(ByteBuffer data) {
    int[] vniAndPort = new int[2];
    String[] local = {""};
    forEachAttribute(
        data,
        data.position(),
        data.limit(),
        (type, value) -> {
          switch (type) {
            case IFLA_VXLAN_ID -> vniAndPort[0] = value.getInt(value.position());
            case IFLA_VXLAN_PORT ->
                vniAndPort[1] =
                    Short.toUnsignedInt(
                        value.duplicate().order(ByteOrder.BIG_ENDIAN).getShort(value.position()));
            case IFLA_VXLAN_LOCAL, IFLA_VXLAN_LOCAL6 -> local[0] = address(value);
            default -> {}
          }
        });
    return new VxlanSettings(vniAndPort[0], vniAndPort[1], local[0]);
  }

  private static FdbEntry fdbEntry(ByteBuffer message, int bodyOffset) {
    int index = message.getInt(bodyOffset + 4);
    int state = message.getShort(bodyOffset + 8) & 0xffff;
    int flags = message.get(bodyOffset + 10) & 0xff;
    String[] macAndRemote = {"", null};
    int[] master = {0};
    forEachAttribute(
        message,
        bodyOffset + NDMSG_LENGTH,
        message.limit(),
        (type, value) -> {
          switch (type) {
            case NDA_LLADDR -> macAndRemote[0] = mac(value);
            case NDA_DST -> macAndRemote[1] = address(value);
            case NDA_MASTER -> master[0] = value.getInt(value.position());
            default -> {}
          }
        });
    return new FdbEntry(
        macAndRemote[0],
        index,
        macAndRemote[1],
        master[0],
        (flags & NTF_SELF) != 0,
        (state & NUD_PERMANENT) != 0);
  }

  /** Calls {@code handler(message, bodyOffset)} for each message of {@code wantedType}. */
  private static void forEachMessage(
      byte[] dump, int wantedType, BiConsumer<ByteBuffer, Integer> handler) {
    int offset = 0;
    ByteBuffer header = ByteBuffer.wrap(dump).order(ByteOrder.nativeOrder());
    while (offset < dump.length) {
      int length = offset + HEADER_LENGTH <= dump.length ? header.getInt(offset) : -1;
      if (length < HEADER_LENGTH || offset + length > dump.length) {
        throw new IllegalArgumentException(
            "netlink message at " + offset + " has bad length " + length);
      }
      if ((header.getShort(offset + 4) & 0xffff) == wantedType) {
        // A view of exactly this message so attribute walking cannot run into the next one.
        ByteBuffer message =
            ByteBuffer.wrap(dump, offset, length).slice().order(ByteOrder.nativeOrder());
        handler.accept(message, HEADER_LENGTH);
      }
      offset += align(length);
    }
  }

  private interface AttributeHandler {
    void accept(int type, ByteBuffer value);
  }

  /** Walks rtattr records in [from, to); each value is a view with position at its first byte. */
  private static void forEachAttribute(
      ByteBuffer buffer, int from, int to, AttributeHandler handler) {
    int offset = from;
    while (offset + 4 <= to) {
      int length = buffer.getShort(offset) & 0xffff;
      int type = buffer.getShort(offset + 2) & ATTRIBUTE_TYPE_MASK;
      if (length < 4 || offset + length > to) {
        return; // truncated attribute: keep what was read so far
      }
      ByteBuffer value = buffer.duplicate().order(buffer.order());
      value.limit(offset + length).position(offset + 4);
      handler.accept(type, value);
      offset += align(length);
    }
  }

  private static String string(ByteBuffer value) {
    int end = value.position();
    while (end < value.limit() && value.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - value.position()];
    value.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String mac(ByteBuffer value) {
    StringBuilder text = new StringBuilder();
    for (int i = value.position(); i < value.limit(); i++) {
      if (text.length() > 0) {
        text.append(':');
      }
      text.append(Character.forDigit((value.get(i) >> 4) & 0xf, 16))
          .append(Character.forDigit(value.get(i) & 0xf, 16));
    }
    return text.toString();
  }

  /**
   * An IPv4 or IPv6 address attribute as text, IPv6 in its short form (as iproute2 and the contract
   * write it).
   */
  private static String address(ByteBuffer value) {
    byte[] bytes = new byte[value.remaining()];
    value.duplicate().get(bytes);
    return switch (bytes.length) {
      case 4 -> AddressText.ipv4(bytes, 0);
      case 16 -> AddressText.ipv6(bytes, 0);
      default -> "";
    };
  }
}
