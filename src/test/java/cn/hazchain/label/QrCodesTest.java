package cn.hazchain.label;

import static cn.hazchain.label.LabelFixtures.BASE_URL;
import static cn.hazchain.label.LabelFixtures.labelId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrCodesTest {

    /** 30 mm at 203 dpi (8 dots per mm): the QR of the smallest (100×100 mm) label on a thermal printer. */
    private static final int THERMAL_30MM_PX = (int) Math.round(30 / 25.4 * 203);

    @TempDir
    Path keys;
    private String labelUrl;

    @BeforeEach
    void signALabel() {
        // a fixed key: Ed25519 is deterministic, so the URL and its QR are the same on every run
        String token = new LabelSigner(LabelFixtures.fixedKeyRing(keys)).sign(labelId(42));
        labelUrl = LabelUrl.of(BASE_URL, token);
    }

    @Test
    void png_decodesBackToTheSameText() throws Exception {
        byte[] png = QrCodes.png(labelUrl, 300);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(300, image.getWidth());
        assertEquals(300, image.getHeight());
        assertEquals(labelUrl, decode(image));
    }

    @Test
    void png_carriesChineseTextAsUtf8() throws Exception {
        String text = "危险废物 900-249-08 废矿物油 江阴市";

        assertEquals(text, decode(ImageIO.read(new ByteArrayInputStream(QrCodes.png(text, 200)))));
    }

    @Test
    void aLabelUrl_needsVersion8_soItScansAt30mmOnA203DpiPrinter() throws Exception {
        QrCodes.Symbol symbol = QrCodes.encode(labelUrl);
        System.out.printf("label URL: %d characters, QR version %d, %d modules (+%d quiet zone) -> %.2f mm per module at 30 mm, %.1f dots at 203 dpi%n",
                labelUrl.length(), symbol.version(), symbol.size(), 2 * QrCodes.QUIET_ZONE,
                30.0 / symbol.sizeWithQuietZone(), THERMAL_30MM_PX / (double) symbol.sizeWithQuietZone());

        assertEquals(156, labelUrl.length());
        assertEquals(8, symbol.version());
        assertEquals(49, symbol.size());
        assertEquals(240, THERMAL_30MM_PX);
        assertEquals(labelUrl, decode(ImageIO.read(new ByteArrayInputStream(QrCodes.png(symbol, THERMAL_30MM_PX)))));
    }

    @Test
    void labelQrs_surviveA203DpiPrinterThatCannotPlaceModulesOnWholeDots() throws Exception {
        LabelSigner signer = new LabelSigner(LabelFixtures.fixedKeyRing(keys));
        for (int sequence = 1; sequence <= 150; sequence++) {
            String url = LabelUrl.of(BASE_URL, signer.sign(labelId(sequence)));
            QrCodes.Symbol symbol = QrCodes.encode(url);

            // 57 modules over 240 dots: modules come out 4 or 5 dots wide, as when a printer rasterises the vector label
            assertEquals(url, decode(gray(QrCodes.raster(symbol, THERMAL_30MM_PX), THERMAL_30MM_PX)), "label " + sequence);
            assertEquals(url, decode(ImageIO.read(new ByteArrayInputStream(QrCodes.png(symbol, THERMAL_30MM_PX)))), "label " + sequence);
        }
    }

    @Test
    void encode_avoidsAMaskThatZxingsOwnDetectorCannotRead() throws Exception {
        // found by search: for this URL ZXing's lowest-penalty mask gives a symbol its detector cannot find
        String url = "https://hazchain.example/v/91320281MA1W8K3P2C9002490820260301002.abcd."
                + "rAtRltywVUg9LUD1ndrKA7MvmTSQ2H3QbJcQts8sQi7vZVFOqVOmaV9Z288aQ93kxY2dME7Db13cVVldRz4OAA";
        QRCode zxingChoice = Encoder.encode(url, QrCodes.ERROR_CORRECTION,
                Map.of(EncodeHintType.CHARACTER_SET, "UTF-8", EncodeHintType.QR_COMPACT, true));
        QrCodes.Symbol unreadable = new QrCodes.Symbol(url, zxingChoice.getVersion().getVersionNumber(), toBitMatrix(zxingChoice.getMatrix()));
        assertFalse(QrCodes.readsBack(unreadable), "premise: ZXing's own mask choice does not read back");

        QrCodes.Symbol symbol = QrCodes.encode(url);

        assertNotEquals(unreadable.modules(), symbol.modules());
        assertEquals(url, decode(ImageIO.read(new ByteArrayInputStream(QrCodes.png(symbol, 4 * symbol.sizeWithQuietZone())))));
        assertEquals(url, decode(gray(QrCodes.raster(symbol, THERMAL_30MM_PX), THERMAL_30MM_PX)));
    }

    @Test
    void png_refusesASizeBelowOnePixelPerModule() {
        QrCodes.Symbol symbol = QrCodes.encode(labelUrl);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QrCodes.png(symbol, 56));
        assertTrue(e.getMessage().contains("57 px"), e.getMessage());
    }

    @Test
    void encode_refusesEmptyAndOversizedText() {
        assertThrows(IllegalArgumentException.class, () -> QrCodes.encode(""));
        assertThrows(IllegalArgumentException.class, () -> QrCodes.encode("x".repeat(3000)));
    }

    @Test
    void svg_drawsExactlyTheDarkModules_inAViewBoxOfModules() throws Exception {
        QrCodes.Symbol symbol = QrCodes.encode(labelUrl);
        int total = symbol.sizeWithQuietZone();

        String svg = QrCodes.svg(symbol);

        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + total + " " + total + "\""), svg);
        assertEquals(1, count(svg, "<path"));
        BitMatrix drawn = new BitMatrix(total, total);
        Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(svg);
        while (run.find()) {
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int length = Integer.parseInt(run.group(3));
            assertEquals(length, Integer.parseInt(run.group(4)));
            drawn.setRegion(x, y, length, 1);
        }
        BitMatrix expected = new BitMatrix(total, total);
        for (int y = 0; y < symbol.size(); y++) {
            for (int x = 0; x < symbol.size(); x++) {
                if (symbol.modules().get(x, y)) {
                    expected.set(x + QrCodes.QUIET_ZONE, y + QrCodes.QUIET_ZONE);
                }
            }
        }
        assertEquals(expected, drawn);
        assertEquals(labelUrl, decode(toImage(drawn, 6)));
    }

    static String decode(BufferedImage image) throws Exception {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE))).getText();
    }

    private static BufferedImage gray(byte[] pixels, int px) {
        BufferedImage image = new BufferedImage(px, px, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, px, px, pixels);
        return image;
    }

    private static BitMatrix toBitMatrix(ByteMatrix matrix) {
        BitMatrix bits = new BitMatrix(matrix.getWidth(), matrix.getHeight());
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y) == 1) {
                    bits.set(x, y);
                }
            }
        }
        return bits;
    }

    private static BufferedImage toImage(BitMatrix matrix, int scale) {
        BufferedImage image = new BufferedImage(matrix.getWidth() * scale, matrix.getHeight() * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x / scale, y / scale) ? 0x000000 : 0xFFFFFF);
            }
        }
        return image;
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }
}
