package cn.hazchain.search;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * XLSX through POI's streaming SXSSF: only {@link #WINDOW} rows stay in memory, older ones go to a compressed
 * temporary file that {@link #close} deletes. Strings are written inline (no shared-strings table growing with the
 * export). A sheet holds at most 1,048,576 rows; a longer export continues on further sheets, each with the header.
 * Numbers, dates and times are real cells (times are local times in the business zone). String cells are never
 * evaluated as formulas, so no defusing is needed here.
 */
final class XlsxWriter implements RowWriter {

    static final int WINDOW = 100;
    static final int MAX_ROWS = 1_048_576;

    private final OutputStream out;
    private final ZoneId zone;
    private final String sheetName;
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(null, WINDOW, true, false);
    private final CellStyle headerStyle;
    private final CellStyle dateStyle;
    private final CellStyle timeStyle;
    private final CellStyle decimalStyle;
    private List<Column> columns;
    private SXSSFSheet sheet;
    private int sheets;
    private int rowNum;

    XlsxWriter(OutputStream out, ZoneId zone, String sheetName) {
        this.out = out;
        this.zone = zone;
        this.sheetName = sheetName;
        Font bold = workbook.createFont();
        bold.setBold(true);
        headerStyle = workbook.createCellStyle();
        headerStyle.setFont(bold);
        short dates = workbook.createDataFormat().getFormat("yyyy-mm-dd");
        short times = workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss");
        short decimals = workbook.createDataFormat().getFormat("0.00");
        dateStyle = workbook.createCellStyle();
        dateStyle.setDataFormat(dates);
        timeStyle = workbook.createCellStyle();
        timeStyle.setDataFormat(times);
        decimalStyle = workbook.createCellStyle();
        decimalStyle.setDataFormat(decimals);
    }

    @Override
    public void header(List<Column> columns) {
        this.columns = columns;
        newSheet();
    }

    private void newSheet() {
        sheets++;
        sheet = workbook.createSheet(sheets == 1 ? sheetName : sheetName + " (" + sheets + ")");
        sheet.createFreezePane(0, 1);
        Row header = sheet.createRow(0);
        for (int i = 0; i <= columns.size(); i++) {
            Cell cell = header.createCell(i);
            cell.setCellValue(i < columns.size() ? columns.get(i).header() : FLAGS_HEADER);
            cell.setCellStyle(headerStyle);
            sheet.setColumnWidth(i, 22 * 256);
        }
        rowNum = 1;
    }

    @Override
    public void row(Object[] values, List<String> flags) {
        if (rowNum >= MAX_ROWS) {
            newSheet();
        }
        Row row = sheet.createRow(rowNum++);
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            Cell cell = row.createCell(i);
            switch (columns.get(i).type()) {
                case TEXT -> cell.setCellValue(v.toString());
                case ID, COUNT -> cell.setCellValue(((Long) v).doubleValue());
                case DECIMAL -> {
                    cell.setCellValue(((BigDecimal) v).doubleValue());
                    cell.setCellStyle(decimalStyle);
                }
                case DATE -> {
                    cell.setCellValue((LocalDate) v);
                    cell.setCellStyle(dateStyle);
                }
                case TIME -> {
                    cell.setCellValue(LocalDateTime.ofInstant((Instant) v, zone));
                    cell.setCellStyle(timeStyle);
                }
            }
        }
        if (!flags.isEmpty()) {
            row.createCell(values.length).setCellValue(String.join(";", flags));
        }
    }

    @Override
    public void finish() throws IOException {
        workbook.write(out);
        out.flush();
    }

    /** Deletes the temporary files, whether or not the export finished. */
    @Override
    public void close() throws IOException {
        try {
            workbook.dispose();
        } finally {
            workbook.close();
        }
    }
}
