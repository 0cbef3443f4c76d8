package cn.hazchain.label;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * PDF pages as a printer or a screen shows them (Apache PDFBox, a test dependency only), and the QR code read from
 * such a page with ZXing: what a phone held over the printed page would read, not the text the PDF was given.
 */
public final class PdfPages {

    private PdfPages() {
    }

    /** Page {@code page} (1-based) rendered in grey at {@code dpi}. */
    public static BufferedImage render(byte[] pdf, int page, float dpi) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFRenderer(doc).renderImageWithDPI(page - 1, dpi, ImageType.GRAY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the one QR code found on the image (anywhere on it). */
    public static String qr(BufferedImage image) {
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException e) {
            throw new AssertionError("no QR code could be read from the rendered page", e);
        }
    }

    /**
     * The QR code of page {@code page} as a phone held over the printed page reads it: first rendered at 150 dpi,
     * then, as a phone moved a little closer, at 200 and 300 dpi. ZXing's detector misreads about 0.5 % of symbols
     * at one particular scale (see {@link cn.hazchain.label.QrCodes}); a reader that moves does not.
     */
    public static String qrOfPage(byte[] pdf, int page) {
        AssertionError first = null;
        for (float dpi : new float[] {150, 200, 300}) {
            try {
                return qr(render(pdf, page, dpi));
            } catch (AssertionError e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
