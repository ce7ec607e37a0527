package io.dockercanvas.pipeline.replay;

/** IPv4 prefix arithmetic for the few CIDRs a topology file gives as interface addresses. */
final class Ipv4Prefix {

    private Ipv4Prefix() {
    }

    /** "172.17.0.1/16" → "172.17.0.0/16"; anything that is not an IPv4 CIDR is returned unchanged. */
    static String network(String cidr) {
        int slash = cidr.indexOf('/');
        String[] parts = slash < 0 ? new String[0] : cidr.substring(0, slash).split("\\.");
        if (parts.length != 4) {
            return cidr;
        }
        try {
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            long address = 0;
            for (String part : parts) {
                int octet = Integer.parseInt(part);
                if (octet < 0 || octet > 255) {
                    return cidr;
                }
                address = address << 8 | octet;
            }
            if (bits < 0 || bits > 32) {
                return cidr;
            }
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            long net = address & mask;
            return (net >>> 24) + "." + (net >>> 16 & 0xFF) + "." + (net >>> 8 & 0xFF) + "." + (net & 0xFF) + "/" + bits;
        } catch (NumberFormatException e) {
            return cidr;
        }
    }
}
