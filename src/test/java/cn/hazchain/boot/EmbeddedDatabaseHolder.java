package cn.hazchain.boot;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link EmbeddedDatabaseRestartTest}: starts the embedded server, commits a row, says
 * READY and waits to be killed with SIGKILL (which leaves the postmaster running, as in a real crash).
 */
public final class EmbeddedDatabaseHolder {

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS crash_probe (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO crash_probe VALUES (" + args[1] + ", 'committed before the crash')");
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
