package cn.hazchain.label;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * QR codes for labels and manifests (ZXing): error correction M, UTF-8, a quiet zone of 4 modules.
 * <p>
 * Encoding uses ZXing's compact mode, which switches to numeric mode for the digit runs of label IDs: a
 * 156-character label URL fits version 8 (49 modules) instead of 9.
 * <p>
 * Every symbol is read back with ZXing's camera-path detector before it is returned. ZXing picks the mask with
 * the lowest penalty score, but for about 2 % of label URLs its own detector then takes a finder-like pattern in
 * the data for a corner and cannot read the symbol. Such a symbol is re-encoded with another mask that reads back.
 * Read-back is checked at 4 px per module and at 240 px for the whole symbol (30 mm at 203 dpi, the smallest label
 * on a thermal printer, where modules come out 4 or 5 dots wide); this leaves about 0.5 % of symbols that ZXing
 * misreads at some other scales, against about 2 % without the check.
 */
public final class QrCodes {

    public static final int QUIET_ZONE = 4;
    public static final ErrorCorrectionLevel ERROR_CORRECTION = ErrorCorrectionLevel.M;

    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
            EncodeHintType.QR_COMPACT, Boolean.TRUE);
    private static final double[] READ_BACK_PX_PER_MODULE = {4.0, 240.0 / 57};

    private QrCodes() {
    }

    /**
     * An encoded symbol.
     *
     * @param text    what it says
     * @param version 1-40
     * @param modules the dark modules, {@code size × size}, without the quiet zone
     */
    public record Symbol(String text, int version, BitMatrix modules) {

        public int size() {
            return modules.getWidth();
        }

        /** Modules across, including the quiet zone on both sides. */
        public int sizeWithQuietZone() {
            return size() + 2 * QUIET_ZONE;
        }

        /** Calls {@code run} once per horizontal run of dark modules, row by row (coordinates without quiet zone). */
        public void forEachRun(Run run) {
            for (int row = 0; row < size(); row++) {
                int col = 0;
                while (col < size()) {
                    if (!modules.get(col, row)) {
                        col++;
                        continue;
                    }
                    int start = col;
                    while (col < size() && modules.get(col, row)) {
                        col++;
                    }
                    run.accept(row, start, col - start);
                }
            }
        }
    }

    /** A horizontal run of dark modules. */
    @FunctionalInterface
    public interface Run {
        void accept(int row, int column, int length);
    }

    /** @throws IllegalArgumentException if the text is empty or too long for a QR code at level M */
    public static Symbol encode(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("nothing to encode");
        }
        QRCode first = qr(text, HINTS);
        Symbol symbol = symbolOf(text, first);
        if (readsBack(symbol)) {
            return symbol;
        }
        for (int mask = 0; mask < 8; mask++) {
            if (mask != first.getMaskPattern()) {
                Map<EncodeHintType, Object> hints = new EnumMap<>(HINTS);
                hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
                Symbol candidate = symbolOf(text, qr(text, hints));
                if (readsBack(candidate)) {
                    return candidate;
                }
            }
        }
        return symbol;
    }

    private static Symbol symbolOf(String text, QRCode code) {
        ByteMatrix matrix = code.getMatrix();
        BitMatrix modules = new BitMatrix(matrix.getWidth(), matrix.getHeight());
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y) == 1) {
                    modules.set(x, y);
                }
            }
        }
        return new Symbol(text, code.getVersion().getVersionNumber(), modules);
    }

    private static QRCode qr(String text, Map<EncodeHintType, Object> hints) {
        try {
            return Encoder.encode(text, ERROR_CORRECTION, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("text of " + text.length() + " characters does not fit a QR code: " + e.getMessage(), e);
        }
    }

    /** Whether ZXing's detector and decoder read the symbol back at each of the read-back scales. */
    static boolean readsBack(Symbol symbol) {
        for (double pxPerModule : READ_BACK_PX_PER_MODULE) {
            int px = (int) Math.round(symbol.sizeWithQuietZone() * pxPerModule);
            byte[] luminance = raster(symbol, px);
            PlanarYUVLuminanceSource source = new PlanarYUVLuminanceSource(luminance, px, px, 0, 0, px, px, false);
            try {
                if (!symbol.text().equals(new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText())) {
                    return false;
                }
            } catch (ReaderException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The symbol with its quiet zone drawn over {@code px × px} pixels (0 black, 255 white) by nearest neighbour,
     * as a printer rasterises it: when px is not a multiple of the modules across, modules differ by a pixel.
     */
    static byte[] raster(Symbol symbol, int px) {
        int total = symbol.sizeWithQuietZone();
        int[] moduleAt = new int[px];
        for (int i = 0; i < px; i++) {
            moduleAt[i] = (int) ((i + 0.5) * total / px) - QUIET_ZONE;
        }
        byte[] pixels = new byte[px * px];
        for (int y = 0; y < px; y++) {
            int my = moduleAt[y];
            for (int x = 0; x < px; x++) {
                int mx = moduleAt[x];
                boolean dark = my >= 0 && my < symbol.size() && mx >= 0 && mx < symbol.size() && symbol.modules().get(mx, my);
                pixels[y * px + x] = (byte) (dark ? 0 : 255);
            }
        }
        return pixels;
    }

    /** A square 1-bit PNG of {@code sizePx}, modules being whole pixels; what is left over is extra white margin. */
    public static byte[] png(String text, int sizePx) {
        return png(encode(text), sizePx);
    }

    /** @throws IllegalArgumentException if {@code sizePx} is less than one pixel per module */
    public static byte[] png(Symbol symbol, int sizePx) {
        int total = symbol.sizeWithQuietZone();
        if (sizePx < total) {
            throw new IllegalArgumentException("a version-" + symbol.version() + " QR code needs at least " + total + " px, got " + sizePx);
        }
        int scaled = sizePx / total * total;
        int margin = (sizePx - scaled) / 2;
        byte[] symbolPixels = raster(symbol, scaled);
        // TYPE_BYTE_BINARY: palette index 0 is black, 1 is white
        BufferedImage image = new BufferedImage(sizePx, sizePx, BufferedImage.TYPE_BYTE_BINARY);
        int[] row = new int[sizePx];
        for (int y = 0; y < sizePx; y++) {
            int sy = y - margin;
            for (int x = 0; x < sizePx; x++) {
                int sx = x - margin;
                boolean inside = sy >= 0 && sy < scaled && sx >= 0 && sx < scaled;
                row[x] = inside && symbolPixels[sy * scaled + sx] == 0 ? 0 : 1;
            }
            image.getRaster().setSamples(0, y, sizePx, 1, 0, row);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // ImageIO.write(image, "png", out) would buffer through a temporary file (ImageIO's disk cache): write in memory
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** An SVG whose viewBox counts modules (quiet zone included), so it scales to any size. */
    public static String svg(String text) {
        return svg(encode(text));
    }

    public static String svg(Symbol symbol) {
        int total = symbol.sizeWithQuietZone();
        StringBuilder path = new StringBuilder();
        symbol.forEachRun((row, column, length) -> path.append('M').append(column + QUIET_ZONE).append(' ').append(row + QUIET_ZONE)
                .append('h').append(length).append("v1h-").append(length).append('z'));
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + total + " " + total + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + total + "\" height=\"" + total + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
