package cn.hazchain.manifest;

/**
 * Fired synchronously (CDI {@code Event}) inside the transaction that issued or cancelled a manifest, after the
 * change was flushed: observers (the national export outbox) add their own rows in the same transaction, so they
 * are committed or rolled back with the manifest itself. Custody changes of its containers are announced by
 * {@code custody.ContainerChanged} instead.
 */
public record ManifestChanged(long manifestId, String number, Change change) {

    public enum Change { ISSUED, CANCELLED }
}
