package cn.hazchain.party;

/** The kinds of organisation in the chain of custody. */
public enum PartyKind {
    /** 产废单位: a small or micro firm producing hazardous waste. */
    GENERATOR,
    /** 收集单位: licensed collector running pickup rounds. */
    COLLECTOR,
    /** 集中收集贮存点: a collector's storage point. */
    STORAGE_POINT,
    /** 承运人: transport company with vehicles and dangerous-goods permits. */
    CARRIER,
    /** 接受人: licensed utilisation/disposal facility. */
    RECEIVER,
    /** 生态环境局 and its town/street offices. */
    REGULATOR
}
