package io.streamgate.platform.ids;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids of what Streamgate creates (orders, payments, events): RFC 9562 version 7 UUIDs, the Unix time in milliseconds
 * in the first 48 bits, then 74 random bits.
 * <p>
 * Why not {@link UUID#randomUUID()}: these ids are primary keys. A random key lands on a random leaf page of its
 * index, so once the index outgrows Postgres' buffers every insert reads a cold page and evicts a dirty one; ids of one
 * millisecond share a prefix and go to the same few pages at the index's growing edge. The random part still makes an
 * id unguessable from another: 74 bits from a cryptographically strong generator, each id's from its own 16 bytes of
 * the generator's output that no other id is given. The time part only says when the thing was created, which its own
 * representation shows anyway.
 * <p>
 * Why not a library's v7 factory: the ones on Maven Central keep ids of one millisecond monotonic by deriving each from
 * the previous one (a counter in the random bits) under a lock; nothing here needs that order within a millisecond,
 * and neighbours derived from each other are the guessable ids this class avoids. Each thread has its own DRBG
 * {@link SecureRandom}, so ids need neither the shared {@code NativePRNG} lock of {@code randomUUID()} nor a read of
 * {@code /dev/urandom} every other id.
 * <p>
 * Each thread draws its random bytes in blocks of 16 ids' worth (256 bytes), one DRBG request per block: a
 * request has a fixed cost (a SHA-256 chain to update the DRBG's state) beyond the hashes that make its output, and
 * two {@code nextLong()} per id paid that cost twice per request. Splitting one request's output between ids takes
 * nothing from the argument above: the DRBG's output bytes are independent of each other whether they come from one
 * request or several, so knowing one id's bytes says no more about its neighbour's than before. Unused bytes wait in
 * the thread's block until its next id (they are never written anywhere); a thread that dies takes them with it.
 */
public final class TimeOrderedIds {

    static final int IDS_PER_BLOCK = 16;
    private static final int BYTES_PER_ID = 16;

    private static final ThreadLocal<RandomBlock> RANDOM =
            ThreadLocal.withInitial(() -> new RandomBlock(newGenerator()));

    private TimeOrderedIds() {
    }

    /** A new version 7 UUID for this moment. */
    public static UUID next() {
        return at(System.currentTimeMillis(), RANDOM.get());
    }

    static UUID at(long epochMillis, RandomBlock random) {
        if (epochMillis < 0 || epochMillis >>> 48 != 0) {
            throw new IllegalArgumentException("time out of the 48-bit range of a version 7 UUID: " + epochMillis);
        }
        int offset = random.take();
        long randA = random.bytes.getLong(offset);
        long randB = random.bytes.getLong(offset + Long.BYTES);
        long most = (epochMillis << 16) | 0x7000L | (randA & 0x0FFFL);
        long least = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(most, least);
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            // Every JDK since 9 ships DRBG; a JDK without it still gets a strong generator, the platform default.
            return new SecureRandom();
        }
    }

    /**
     * One thread's generator and the block of its output not yet handed out. Confined to its thread, so no lock; the
     * generator's own (uncontended) lock is taken once per block.
     */
    static final class RandomBlock {

        private final SecureRandom generator;
        private final byte[] block = new byte[IDS_PER_BLOCK * BYTES_PER_ID];
        private final ByteBuffer bytes = ByteBuffer.wrap(block);
        /** Where the next id's bytes start; at the end, the block is used up and the next id draws a new one. */
        private int position = block.length;

        RandomBlock(SecureRandom generator) {
            this.generator = generator;
        }

        /** The offset of 16 bytes no id has been given yet. */
        private int take() {
            if (position == block.length) {
                generator.nextBytes(block);
                position = 0;
            }
            int offset = position;
            position += BYTES_PER_ID;
            return offset;
        }
    }
}
