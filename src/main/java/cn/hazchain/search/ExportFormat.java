package cn.hazchain.search;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;

/** The export formats, with their media type and file extension. */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=UTF-8"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    RowWriter open(OutputStream out, ZoneId zone, String sheetName) throws IOException {
        return switch (this) {
            case CSV -> new CsvWriter(out, zone);
            case XLSX -> new XlsxWriter(out, zone, sheetName);
        };
    }
}
