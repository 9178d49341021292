package io.streamgate.platform.avro;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Confluent's wire format: magic byte {@code 0}, the schema id as a 4-byte big-endian int, then the Avro binary
 * encoding of the datum. Also the per-thread scratch buffers the serde reuses, so that the hot path allocates only the
 * result array.
 */
final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    /** Buffers bigger than this are not kept for reuse after a large record. */
    private static final int MAX_RETAINED_BUFFER = 1 << 20;

    private WireFormat() {
    }

    /** The schema id of a Confluent-framed payload; throws IllegalArgumentException if it is not one. */
    public static int schemaId(byte[] payload) {
        if (payload == null || payload.length < HEADER_SIZE) {
            throw new IllegalArgumentException("payload is shorter than the 5-byte Confluent header");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new IllegalArgumentException("unknown magic byte " + payload[0]);
        }
        return ((payload[1] & 0xff) << 24) | ((payload[2] & 0xff) << 16) | ((payload[3] & 0xff) << 8) | (payload[4] & 0xff);
    }

    /** A ByteArrayOutputStream whose buffer can be read without copying. Not thread-safe. */
    static final class Buffer extends ByteArrayOutputStream {

        Buffer(int size) {
            super(size);
        }

        // Unsynchronized: a Buffer never leaves its thread.
        @Override
        public void write(int b) {
            if (count == buf.length) {
                buf = Arrays.copyOf(buf, buf.length << 1);
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length << 1, count + len));
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override
        public void reset() {
            count = 0;
        }

        @Override
        public int size() {
            return count;
        }

        byte[] array() {
            return buf;
        }

        int capacity() {
            return buf.length;
        }

        void writeHeader(int schemaId) {
            reset();
            write(MAGIC_BYTE);
            write(schemaId >>> 24);
            write(schemaId >>> 16);
            write(schemaId >>> 8);
            write(schemaId);
        }

        byte[] copy() {
            return Arrays.copyOf(buf, count);
        }
    }

    /** Per-thread reusable state of the serde. */
    static final class Scratch {

        private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

        Buffer out = new Buffer(512);
        Buffer resolve = new Buffer(512);
        BinaryEncoder encoder;
        BinaryEncoder resolveEncoder;
        BinaryDecoder decoder;

        static Scratch get() {
            return CURRENT.get();
        }

        /** Drops buffers that grew for one big record, so a thread does not pin megabytes forever. */
        void trim() {
            if (out.capacity() > MAX_RETAINED_BUFFER) {
                out = new Buffer(512);
                encoder = null;
            }
            if (resolve.capacity() > MAX_RETAINED_BUFFER) {
                resolve = new Buffer(512);
                resolveEncoder = null;
            }
        }
    }
}
