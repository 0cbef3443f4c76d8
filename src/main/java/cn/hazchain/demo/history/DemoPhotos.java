package cn.hazchain.demo.history;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small stand-in pictures for the demo's scan photos: a drum's silhouette in a colour of its label, as PNG. */
final class DemoPhotos {

    private DemoPhotos() {
    }

    static byte[] png(String label) {
        int h = label.hashCode();
        BufferedImage img = new BufferedImage(96, 72, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(new Color(0xE8EEF2));
            g.fillRect(0, 0, 96, 72);
            g.setColor(new Color(0x30 + (h & 0x7F), 0x40 + ((h >> 8) & 0x5F), 0x50 + ((h >> 16) & 0x7F)));
            g.fillRoundRect(30, 10, 36, 52, 10, 10);
            g.setColor(Color.WHITE);
            g.fillRect(34, 28, 28, 14);
            g.setColor(Color.DARK_GRAY);
            g.drawRoundRect(30, 10, 36, 52, 10, 10);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
