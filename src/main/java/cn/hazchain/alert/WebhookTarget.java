package cn.hazchain.alert;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where a party's alert notifications may be sent. A subscription is made by a party's user, so its URL is checked:
 * an absolute https:// URL without credentials whose host resolves to public addresses only. Otherwise a user could
 * make the service call into its own network (its management port, a database, a cloud metadata address). Checked
 * when the subscription is made and again before every delivery (a name may resolve elsewhere later).
 * {@code allowPrivate} (tests, a closed network's own receivers) also admits http:// and private addresses.
 */
public final class WebhookTarget {

    private WebhookTarget() {
    }

    /** What is wrong with this URL as a notification target, in words for the person who typed it; empty when usable. */
    public static Optional<String> problem(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            return Optional.of("url must be an absolute https:// URL (alerts are not sent in clear)");
        }
        if (uri.getHost() == null) {
            return Optional.of("url must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("url must not carry a user name or password: the signature authenticates each delivery");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("url must not have a #fragment");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("url's host " + uri.getHost() + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    return Optional.of("url's host " + uri.getHost() + " resolves to " + a.getHostAddress()
                            + ", a loopback, private, link-local or otherwise non-public address: notifications go to public addresses only");
                }
            }
        }
        return Optional.empty();
    }

    /** Not loopback, wildcard, link-local, site-local (10/8, 172.16/12, 192.168/16), multicast, CGNAT 100.64/10 or IPv6 ULA fc00::/7. */
    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || first >= 240);
        }
        return !(a instanceof Inet6Address) || (b[0] & 0xfe) != 0xfc;
    }
}
