package cn.hazchain.security;

/** What a user may do. Which kinds of party each role fits is the account package's business (RoleFit). */
public enum Role {
    GENERATOR_STAFF, COLLECTOR_OPERATOR, DRIVER, STORAGE_KEEPER, RECEIVER_OPERATOR, REGULATOR, ADMIN;

    /** Role names as they appear in the token's {@code groups} claim and in {@code @RolesAllowed}. */
    public static final String GENERATOR_STAFF_ = "GENERATOR_STAFF";
    public static final String COLLECTOR_OPERATOR_ = "COLLECTOR_OPERATOR";
    public static final String DRIVER_ = "DRIVER";
    public static final String STORAGE_KEEPER_ = "STORAGE_KEEPER";
    public static final String RECEIVER_OPERATOR_ = "RECEIVER_OPERATOR";
    public static final String REGULATOR_ = "REGULATOR";
    public static final String ADMIN_ = "ADMIN";

}
