package io.streamgate.platform.ids;

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
 * id unguessable from another (74 bits from a cryptographically strong generator, drawn afresh for every id); the time
 * part only says when the thing was created, which its own representation shows anyway.
 * <p>
 * Why not a library's v7 factory: the ones on Maven Central keep ids of one millisecond monotonic by deriving each from
 * the previous one (a counter in the random bits) under a lock; nothing here needs that order within a millisecond,
 * and neighbours derived from each other are the guessable ids this class avoids. Each thread has its own DRBG
 * {@link SecureRandom}, so ids need neither the shared {@code NativePRNG} lock of {@code randomUUID()} nor a read of
 * {@code /dev/urandom} every other id.
 */
public final class TimeOrderedIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(TimeOrderedIds::newGenerator);

    private TimeOrderedIds() {
    }

    /** A new version 7 UUID for this moment. */
    public static UUID next() {
        return at(System.currentTimeMillis(), RANDOM.get());
    }

    static UUID at(long epochMillis, SecureRandom random) {
        if (epochMillis < 0 || epochMillis >>> 48 != 0) {
            throw new IllegalArgumentException("time out of the 48-bit range of a version 7 UUID: " + epochMillis);
        }
        long randA = random.nextLong();
        long randB = random.nextLong();
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
}
