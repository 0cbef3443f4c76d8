package cn.hazchain.bench.history;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Streams rows into PostgreSQL with {@code COPY ... FROM STDIN} (text format). Each table has a buffer; a full
 * buffer (about 2 MB) goes to a background thread that copies it on its own connection while the generator
 * goes on with the next rows, so generating (one core) and PostgreSQL's COPY (the other core) overlap. At most
 * {@value #QUEUE} buffers wait: memory stays bounded however long the history.
 */
final class CopyWriter implements AutoCloseable {

    private static final int FLUSH_CHARS = 2 << 20;
    private static final int QUEUE = 6;
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

    private record Chunk(String sql, byte[] data, int rows, String table) {
    }

    private static final Chunk STOP = new Chunk(null, null, 0, null);

    /** One table's buffer. */
    final class Table {
        private final String name;
        private final String sql;
        private final StringBuilder buf = new StringBuilder(FLUSH_CHARS + 4096);
        private int rows;
        private boolean first = true;
        final AtomicLong written = new AtomicLong();

        private Table(String name, List<String> columns) {
            this.name = name;
            this.sql = "COPY " + name + " (" + String.join(", ", columns) + ") FROM STDIN";
        }

        Table add(Object v) {
            if (!first) {
                buf.append('\t');
            }
            first = false;
            if (v == null) {
                buf.append("\\N");
            } else if (v instanceof String s) {
                escape(s);
            } else if (v instanceof Instant t) {
                TS.formatTo(t, buf);
            } else if (v instanceof BigDecimal d) {
                buf.append(d.toPlainString());
            } else if (v instanceof List<?> list) {
                array(list);
            } else if (v instanceof LocalDate || v instanceof Number || v instanceof Boolean || v instanceof UUID) {
                buf.append(v);
            } else {
                throw new IllegalArgumentException("cannot COPY a " + v.getClass());
            }
            return this;
        }

        void end() {
            buf.append('\n');
            first = true;
            rows++;
            if (buf.length() >= FLUSH_CHARS) {
                flush();
            }
        }

        void flush() {
            if (rows == 0) {
                return;
            }
            enqueue(new Chunk(sql, buf.toString().getBytes(StandardCharsets.UTF_8), rows, name));
            buf.setLength(0);
            rows = 0;
        }

        private void escape(String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> buf.append("\\\\");
                    case '\t' -> buf.append("\\t");
                    case '\n' -> buf.append("\\n");
                    case '\r' -> buf.append("\\r");
                    default -> buf.append(ch);
                }
            }
        }

        /** A varchar[] literal with every element quoted. */
        private void array(List<?> list) {
            buf.append('{');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    buf.append(',');
                }
                String e = String.valueOf(list.get(i));
                if (e.indexOf('"') >= 0 || e.indexOf('\\') >= 0) {
                    throw new IllegalArgumentException("array element with a quote or backslash: " + e);
                }
                buf.append('"');
                escape(e);
                buf.append('"');
            }
            buf.append('}');
        }
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile Throwable failure;
    private final AtomicLong bytes = new AtomicLong();

    CopyWriter(Connection connection) throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        thread = new Thread(() -> {
            try {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == STOP) {
                        return;
                    }
                    copy.copyIn(chunk.sql(), new ByteArrayInputStream(chunk.data()));
                    bytes.addAndGet(chunk.data().length);
                    tables.get(chunk.table()).written.addAndGet(chunk.rows());
                }
            } catch (Throwable e) {
                failure = e;
                queue.clear();
            }
        }, "history-copy");
        thread.setDaemon(true);
        thread.start();
    }

    /** Declares a table and its columns, in the order rows give them. */
    Table table(String name, String... columns) {
        Table t = new Table(name, List.of(columns));
        tables.put(name, t);
        return t;
    }

    private void enqueue(Chunk chunk) {
        check();
        try {
            while (!queue.offer(chunk, 1, java.util.concurrent.TimeUnit.SECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        }
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("COPY failed: " + failure.getMessage(), failure);
        }
        if (!thread.isAlive()) {
            throw new IllegalStateException("the COPY thread has stopped");
        }
    }

    long bytesWritten() {
        return bytes.get();
    }

    /** Rows written so far per table (what has reached PostgreSQL). */
    Map<String, Long> written() {
        Map<String, Long> out = new LinkedHashMap<>();
        tables.forEach((k, v) -> out.put(k, v.written.get()));
        return out;
    }

    long rowsWritten() {
        return tables.values().stream().mapToLong(t -> t.written.get()).sum();
    }

    /** Flushes every buffer and waits until all of it is in the database. */
    @Override
    public void close() throws IOException {
        try {
            tables.values().forEach(Table::flush);
            enqueue(STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (failure != null) {
            throw new IOException("COPY failed: " + failure.getMessage(), failure);
        }
    }
}
