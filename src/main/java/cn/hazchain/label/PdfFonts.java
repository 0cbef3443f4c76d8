package cn.hazchain.label;

import com.lowagie.text.pdf.BaseFont;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The CJK font of the label and manifest PDFs: WenQuanYi Micro Hei (Apache-2.0, see fonts/NOTICE.txt), loaded
 * once from the classpath and embedded as a subset with Identity-H encoding. One {@link BaseFont} serves all
 * documents: OpenPDF keeps the glyphs used per document, and reads the font file through a private copy.
 */
final class PdfFonts {

    static final String RESOURCE = "/fonts/wqy-microhei.ttc";

    private PdfFonts() {
    }

    static BaseFont regular() {
        return Holder.REGULAR;
    }

    private static final class Holder {
        static final BaseFont REGULAR = load();

        private static BaseFont load() {
            try (InputStream in = PdfFonts.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("font " + RESOURCE + " is missing from the classpath");
                }
                byte[] ttc = in.readAllBytes();
                // ",0": the first face of the collection (proportional Latin); the name only labels the bytes
                return BaseFont.createFont("wqy-microhei.ttc,0", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false, ttc, null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read font " + RESOURCE, e);
            } catch (com.lowagie.text.DocumentException e) {
                throw new IllegalStateException("cannot load font " + RESOURCE, e);
            }
        }
    }
}
