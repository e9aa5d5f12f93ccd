package meridian.core.features.connections;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which hosts the connections a caller chose (test connection, ingestion) may reach: an operator's
 * allow list (empty: any) and deny list (by default the cloud metadata addresses, 169.254.0.0/16 and
 * fd00:ec2::254), checked on the addresses a host name resolves to, every time a connection is
 * made. The connection then goes to the address that was checked, so a name that resolves
 * differently a moment later can't slip past (docs/operations.md, "Outbound connections").
 */
public record OutboundPolicy(List<Cidr> allow, List<Cidr> deny) {
  /** The deny list when the operator gives none. */
  public static final String DEFAULT_DENY = "169.254.0.0/16,fd00:ec2::254/128";
  /** No allow list, the default deny list. */
  public static final OutboundPolicy DEFAULT = parse(null, DEFAULT_DENY);

  /** A range of addresses: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address. */
  public record Cidr(String text, byte[] network, int prefix) {
    static Cidr parse(String text) {
      String t = text.strip();
      int slash = t.indexOf('/');
      String address = slash < 0 ? t : t.substring(0, slash);
      if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
        throw new IllegalArgumentException(t + " is not an address range such as 10.0.0.0/8 or fd00::/8");
      }
      byte[] bytes;
      try {
        bytes = InetAddress.getByName(address).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(t + " is not an address range such as 10.0.0.0/8 or fd00::/8");
      }
      int prefix;
      try {
        prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(t + ": the prefix after / must be a number");
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException(t + ": the prefix must be between 0 and " + bytes.length * 8);
      }
      return new Cidr(t, bytes, prefix);
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /** What a check decided: the address to connect to, or why not. */
  public record Decision(String host, String refusal) {}

  /** The policy of {@code --outbound-allow} and {@code --outbound-deny} (comma-separated ranges; null: the defaults). */
  public static OutboundPolicy parse(String allow, String deny) {
    return new OutboundPolicy(ranges(allow), ranges(deny == null ? DEFAULT_DENY : deny));
  }

  private static List<Cidr> ranges(String text) {
    List<Cidr> out = new ArrayList<>();
    if (text != null) {
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          out.add(Cidr.parse(part));
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Resolves {@code host} and checks every address it has: one denied, or outside a non-empty allow
   * list, refuses the connection. Otherwise the host to connect to is the first address, as a
   * literal (IPv6 in brackets), or the name itself when {@code keepName} (a TLS check of the
   * server's name needs it).
   */
  public Decision check(String host, boolean keepName) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare);
    } catch (UnknownHostException e) {
      return new Decision(null, "the host " + host + " is unknown (no address for it)");
    }
    for (InetAddress address : addresses) {
      for (Cidr range : deny) {
        if (range.contains(address)) {
          return new Decision(null, "connections to " + host + " (" + address.getHostAddress() + ") are refused by this server's"
              + " outbound policy (denied: " + range.text() + ")");
        }
      }
      if (!allow.isEmpty() && allow.stream().noneMatch(r -> r.contains(address))) {
        return new Decision(null, "connections to " + host + " (" + address.getHostAddress() + ") are refused by this server's"
            + " outbound policy (allowed: " + String.join(", ", allow.stream().map(Cidr::text).toList()) + ")");
      }
    }
    if (keepName) {
      return new Decision(host, null);
    }
    InetAddress first = addresses[0];
    return new Decision(first instanceof Inet6Address ? "[" + first.getHostAddress() + "]" : first.getHostAddress(), null);
  }
}
