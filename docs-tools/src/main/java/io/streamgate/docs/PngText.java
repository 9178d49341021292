package io.streamgate.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Text chunks of a PNG file ({@code tEXt}, {@code zTXt}, {@code iTXt}), read and added without decoding the image.
 * PlantUML writes a diagram's source into an {@code iTXt} chunk named {@code plantuml}; the charts carry the digest of
 * their inputs in a {@code tEXt} chunk. That is how the tests tell a picture that is stale from its source without
 * rendering it again (a rendering differs with the machine's fonts, the source does not).
 */
public final class PngText {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngText() {
    }

    /** Every text chunk by keyword (the first of a keyword wins); empty when the bytes are not a PNG. */
    public static Map<String, String> read(byte[] png) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (png.length < SIGNATURE.length || !Arrays.equals(Arrays.copyOf(png, SIGNATURE.length), SIGNATURE)) {
            return texts;
        }
        ByteBuffer buffer = ByteBuffer.wrap(png, SIGNATURE.length, png.length - SIGNATURE.length);
        while (buffer.remaining() >= 12) {
            int length = buffer.getInt();
            byte[] typeBytes = new byte[4];
            buffer.get(typeBytes);
            String type = new String(typeBytes, StandardCharsets.US_ASCII);
            if (length < 0 || length > buffer.remaining() - 4) {
                break;
            }
            byte[] data = new byte[length];
            buffer.get(data);
            buffer.getInt(); // CRC
            switch (type) {
                case "tEXt" -> {
                    int nul = indexOf(data, 0);
                    texts.putIfAbsent(latin1(data, 0, nul), latin1(data, nul + 1, data.length));
                }
                case "zTXt" -> {
                    int nul = indexOf(data, 0);
                    texts.putIfAbsent(latin1(data, 0, nul),
                            new String(inflate(data, nul + 2), StandardCharsets.ISO_8859_1));
                }
                case "iTXt" -> {
                    int nul = indexOf(data, 0);
                    boolean compressed = data[nul + 1] == 1;
                    int language = indexOf(data, nul + 3);
                    int translated = indexOf(data, language + 1);
                    byte[] text = compressed ? inflate(data, translated + 1)
                            : Arrays.copyOfRange(data, translated + 1, data.length);
                    texts.putIfAbsent(latin1(data, 0, nul), new String(text, StandardCharsets.UTF_8));
                }
                case "IEND" -> {
                    return texts;
                }
                default -> {
                }
            }
        }
        return texts;
    }

    /** The PNG with a {@code tEXt} chunk {@code keyword: text} added before its end (Latin-1 text). */
    public static byte[] withText(byte[] png, String keyword, String text) {
        int iend = png.length - 12;
        if (!new String(png, iend + 4, 4, StandardCharsets.US_ASCII).equals("IEND")) {
            throw new IllegalArgumentException("not a PNG ending with IEND");
        }
        byte[] type = "tEXt".getBytes(StandardCharsets.US_ASCII);
        byte[] data = (keyword + '\0' + text).getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + data.length + 12);
        out.write(png, 0, iend);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(type);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, iend, 12);
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return data.length;
    }

    private static String latin1(byte[] data, int from, int to) {
        return new String(data, from, Math.max(0, Math.min(to, data.length) - from), StandardCharsets.ISO_8859_1);
    }

    private static byte[] inflate(byte[] data, int from) {
        Inflater inflater = new Inflater();
        inflater.setInput(data, from, data.length - from);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new UncheckedIOException(new IOException("corrupt compressed PNG text", e));
        } finally {
            inflater.end();
        }
    }
}
