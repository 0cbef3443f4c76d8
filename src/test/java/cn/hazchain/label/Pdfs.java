package cn.hazchain.label;

import com.lowagie.text.pdf.PdfArray;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfObject;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads back what the label, manifest and report PDFs contain, for assertions. */
public final class Pdfs {

    private static final Pattern FONT_SIZE = Pattern.compile("/\\S+ (\\d+(?:\\.\\d+)?) Tf");

    private final PdfReader reader;

    public Pdfs(byte[] pdf) {
        try {
            reader = new PdfReader(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int pages() {
        return reader.getNumberOfPages();
    }

    public float widthPt(int page) {
        return reader.getPageSize(page).getWidth();
    }

    public float heightPt(int page) {
        return reader.getPageSize(page).getHeight();
    }

    /** The page's text with all whitespace removed, since wrapping and condensing may break or space it. */
    public String compactText(int page) {
        try {
            return new PdfTextExtractor(reader).getTextFromPage(page).replaceAll("\\s+", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String compactText() {
        StringBuilder all = new StringBuilder();
        for (int p = 1; p <= pages(); p++) {
            all.append(compactText(p));
        }
        return all.toString();
    }

    /** The page content stream, decoded. */
    String content(int page) {
        try {
            return new String(reader.getPageContent(page), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every font size set with {@code Tf} on the page, in points. */
    List<Double> fontSizes(int page) {
        List<Double> sizes = new ArrayList<>();
        Matcher m = FONT_SIZE.matcher(content(page));
        while (m.find()) {
            sizes.add(Double.parseDouble(m.group(1)));
        }
        return sizes;
    }

    /** One line per font dictionary: subtype, encoding, base font, and whether a TrueType font file is embedded. */
    List<String> fonts() {
        List<String> fonts = new ArrayList<>();
        for (int i = 1; i < reader.getXrefSize(); i++) {
            PdfObject object = PdfReader.getPdfObjectRelease(reader.getPdfObject(i));
            if (object instanceof PdfDictionary dict && PdfName.FONT.equals(dict.get(PdfName.TYPE)) && dict.get(PdfName.DESCENDANTFONTS) != null
                    || object instanceof PdfDictionary d2 && PdfName.FONT.equals(d2.get(PdfName.TYPE)) && !PdfName.CIDFONTTYPE2.equals(d2.get(PdfName.SUBTYPE))) {
                PdfDictionary font = (PdfDictionary) object;
                boolean embedded = false;
                PdfArray descendants = (PdfArray) PdfReader.getPdfObject(font.get(PdfName.DESCENDANTFONTS));
                if (descendants != null) {
                    PdfDictionary cid = (PdfDictionary) PdfReader.getPdfObject(descendants.getPdfObject(0));
                    PdfDictionary descriptor = (PdfDictionary) PdfReader.getPdfObject(cid.get(PdfName.FONTDESCRIPTOR));
                    embedded = descriptor != null && descriptor.get(PdfName.FONTFILE2) != null;
                }
                fonts.add(font.get(PdfName.SUBTYPE) + " " + font.get(PdfName.ENCODING) + " " + font.get(PdfName.BASEFONT) + (embedded ? " embedded" : ""));
            }
        }
        return fonts;
    }

    public static double mmToPt(double mm) {
        return mm * 72 / 25.4;
    }
}
