package cn.hazchain.handheld;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A video for Chromium's fake camera ({@code --use-file-for-fake-video-capture}): a label's QR code rendered with ZXing on
 * a light background, 1280×720 (what the app asks the camera for), as YUV4MPEG2 (a text header, then per frame "FRAME\n" and the Y, U and V planes of 4:2:0 video;
 * grey has U = V = 128). Chromium plays the frames in a loop.
 */
final class LabelVideo {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;

    private LabelVideo() {
    }

    /**
     * The sizes (px) and horizontal offsets of the code in successive frames: a hand holding a phone moves, and a decoder
     * that cannot read one particular rendering (ZXing misreads a fraction of a percent of symbols at a given scale, and
     * the label's text is new each run) reads the next one.
     */
    static final int[][] FRAMES = {{480, 0}, {420, -60}, {540, 40}, {380, 90}, {500, -30}};

    /** Writes the video of a QR code holding {@code text} and returns the file. */
    static Path of(String text, Path file) throws IOException {
        byte[] chroma = new byte[(WIDTH / 2) * (HEIGHT / 2)];
        Arrays.fill(chroma, (byte) 128);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F10:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (int[] frame : FRAMES) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(luma(text, frame[0], frame[1]));
                out.write(chroma);
                out.write(chroma);
            }
        }
        return file;
    }

    /** The luma plane of one frame: the code {@code size} px wide, moved {@code dx} px from the centre. */
    static byte[] luma(String text, int size, int dx) {
        BitMatrix qr;
        try {
            qr = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4,
                            EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot render a QR code of " + text, e);
        }
        byte[] luma = new byte[WIDTH * HEIGHT];
        Arrays.fill(luma, (byte) 225); // a label in daylight, not pure white
        int left = (WIDTH - qr.getWidth()) / 2 + dx;
        int top = (HEIGHT - qr.getHeight()) / 2;
        for (int y = 0; y < qr.getHeight(); y++) {
            for (int x = 0; x < qr.getWidth(); x++) {
                luma[(top + y) * WIDTH + left + x] = (byte) (qr.get(x, y) ? 20 : 235);
            }
        }
        return luma;
    }
}
