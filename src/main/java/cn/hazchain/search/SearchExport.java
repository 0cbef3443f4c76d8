package cn.hazchain.search;

import io.agroal.api.AgroalDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import org.jboss.logging.Logger;

/**
 * One export, ready to stream: the query (visibility and filters already resolved for the caller) and the format.
 * {@link #write} runs when the response body is written, after the request's service call has returned: it reads
 * the rows through a server-side cursor in a read-only transaction of its own ({@link #FETCH_SIZE} rows at a time)
 * and hands each row to the writer at once, so memory stays the same whatever the number of rows.
 */
public final class SearchExport {

    private static final Logger LOG = Logger.getLogger(SearchExport.class);

    /** Rows fetched per round trip; PostgreSQL's driver only uses a cursor with autocommit off and a fetch size. */
    static final int FETCH_SIZE = 500;

    private final AgroalDataSource dataSource;
    private final SearchQuery query;
    private final ExportFormat format;
    private final ZoneId zone;
    private final SearchKind kind;
    private final String filename;

    SearchExport(AgroalDataSource dataSource, SearchQuery query, ExportFormat format, ZoneId zone, SearchKind kind, String filename) {
        this.dataSource = dataSource;
        this.query = query;
        this.format = format;
        this.zone = zone;
        this.kind = kind;
        this.filename = filename;
    }

    public ExportFormat format() {
        return format;
    }

    /** e.g. hazchain-containers-20261129-1002.csv (ASCII, safe in Content-Disposition). */
    public String filename() {
        return filename;
    }

    public void write(OutputStream out) throws IOException {
        NamedSql.Jdbc sql = query.select();
        long rows = 0;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(FETCH_SIZE);
                Rows.bind(ps, sql.values());
                int n = query.columns().size();
                // the query runs before the first byte is written: a database failure can still become an error status
                try (ResultSet rs = ps.executeQuery(); RowWriter writer = format.open(out, zone, kind.sheetName())) {
                    writer.header(query.columns());
                    while (rs.next()) {
                        writer.row(Rows.values(rs, query.columns()), Rows.flags(rs, n));
                        rows++;
                    }
                    writer.finish();
                }
            } finally {
                c.rollback(); // read-only: nothing to keep; ends the cursor's transaction
                c.setReadOnly(false);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IOException("export of " + kind.path() + " failed after " + rows + " rows", e);
        }
        LOG.debugf("exported %d %s as %s", rows, kind.path(), format);
    }
}
