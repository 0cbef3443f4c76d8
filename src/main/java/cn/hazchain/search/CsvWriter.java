package cn.hazchain.search;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * CSV for Excel in China: UTF-8 with a byte-order mark (without it Excel reads GBK and garbles Chinese), RFC 4180
 * quoting, CRLF line ends, a bilingual header. Text cells that a spreadsheet would run as a formula (starting
 * with = + - @, tab or CR) are prefixed with a single quote. Times are local times in the business zone. Pure.
 */
final class CsvWriter implements RowWriter {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Writer out;
    private final ZoneId zone;
    private List<Column> columns;

    CsvWriter(OutputStream stream, ZoneId zone) throws IOException {
        stream.write(BOM);
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 16 * 1024);
        this.zone = zone;
    }

    @Override
    public void header(List<Column> columns) throws IOException {
        this.columns = columns;
        for (Column c : columns) {
            out.write(field(c.header()));
            out.write(',');
        }
        out.write(field(FLAGS_HEADER));
        out.write("\r\n");
    }

    @Override
    public void row(Object[] values, List<String> flags) throws IOException {
        for (int i = 0; i < values.length; i++) {
            out.write(cell(values[i], columns.get(i).type()));
            out.write(',');
        }
        out.write(field(String.join(";", flags)));
        out.write("\r\n");
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }

    String cell(Object value, Column.Type type) {
        if (value == null) {
            return "";
        }
        return switch (type) {
            case TEXT -> field(defuse(value.toString()));
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case TIME -> LocalDateTime.ofInstant((Instant) value, zone).format(TIME);
            case ID, COUNT, DATE -> value.toString();
        };
    }

    /** A spreadsheet must show text starting with a formula character as text, not run it (CSV injection). */
    static String defuse(String s) {
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }

    /** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling the quotes inside. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
