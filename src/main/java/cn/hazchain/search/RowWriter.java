package cn.hazchain.search;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Writes an export row by row as the rows come from the database cursor; nothing is held back. */
interface RowWriter extends Closeable {

    /** Header of the flags column, after the kind's columns. */
    String FLAGS_HEADER = "标记 Flags";

    void header(List<Column> columns) throws IOException;

    void row(Object[] values, List<String> flags) throws IOException;

    /** Completes the file (and, for XLSX, writes it out). */
    void finish() throws IOException;
}
