package cn.hazchain.custody;

/** A transfer manifest was opened (fired in its transaction; the national export announces it). */
public record TransferOpened(long transferId, String number) {
}
