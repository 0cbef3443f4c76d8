package cn.hazchain.security;

/** Names of the claims HazChain puts in its access tokens besides the standard ones. */
public final class Claims {

    /** The id of the party the user acts for. */
    public static final String PARTY = "party";
    /** A handheld shift token's session id (absent from web tokens). */
    public static final String SESSION = "sid";
    /** A shift token's device id and serial. */
    public static final String DEVICE = "dev";
    public static final String DEVICE_SERIAL = "dsn";
    /** The user's token epoch when the token was issued: a change of roles, party or password moves it on (issue #19). */
    public static final String TOKEN_EPOCH = "tep";

    private Claims() {
    }
}
