package io.streamgate.platform.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding where HEADERS frames begin in HTTP/2 bytes however they are split across reads. */
class Http2FrameStartsTest {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int SETTINGS = 0x4;
    private static final int PING = 0x6;
    private static final int WINDOW_UPDATE = 0x8;
    private static final int CONTINUATION = 0x9;

    private final Http2FrameStarts frames = new Http2FrameStarts();

    @Test
    void shouldSeeAHeadersFrameAfterThePrefaceAndSettingsInOneRead() {
        assertThat(frames.headersBegin(bytes(PREFACE, frame(SETTINGS, 0), frame(HEADERS, 20)))).isTrue();
    }

    @Test
    void shouldNotTakeControlFramesOrDataForAHead() {
        assertThat(frames.headersBegin(bytes(PREFACE, frame(SETTINGS, 6)))).isFalse();
        // A DATA payload that happens to hold bytes looking like a HEADERS frame header is payload.
        byte[] lookalike = frame(HEADERS, 3);
        byte[] data = frame(DATA, lookalike.length);
        System.arraycopy(lookalike, 0, data, 9, lookalike.length);
        assertThat(frames.headersBegin(bytes(data, frame(PING, 8), frame(WINDOW_UPDATE, 4)))).isFalse();
    }

    @Test
    void shouldFindAFrameHeaderSplitAcrossReadsAndSkipAPayloadSplitAcrossReads() {
        byte[] all = bytes0(PREFACE, frame(DATA, 1000), frame(HEADERS, 10));
        int headersAt = PREFACE.length + 9 + 1000;

        assertThat(frames.headersBegin(slice(all, 0, 10))).isFalse();
        assertThat(frames.headersBegin(slice(all, 10, headersAt + 4))).isFalse();
        assertThat(frames.headersBegin(slice(all, headersAt + 4, headersAt + 9))).isTrue();
        assertThat(frames.headersBegin(slice(all, headersAt + 9, all.length))).isFalse();
    }

    @Test
    void shouldTakeAContinuationFrameForPartOfAHead() {
        frames.headersBegin(bytes(PREFACE));

        assertThat(frames.headersBegin(bytes(frame(CONTINUATION, 5)))).isTrue();
    }

    @Test
    void shouldLeaveTheBytesForTheCodec() {
        ByteBuf buffer = bytes(PREFACE, frame(HEADERS, 4));
        int before = buffer.readerIndex();

        frames.headersBegin(buffer);

        assertThat(buffer.readerIndex()).isEqualTo(before);
        assertThat(buffer.readableBytes()).isEqualTo(PREFACE.length + 13);
    }

    /** A frame of {@code type} with a zero-filled payload of {@code length} bytes. */
    private static byte[] frame(int type, int length) {
        byte[] frame = new byte[9 + length];
        frame[0] = (byte) (length >>> 16);
        frame[1] = (byte) (length >>> 8);
        frame[2] = (byte) length;
        frame[3] = (byte) type;
        frame[8] = 1;
        return frame;
    }

    private static ByteBuf bytes(byte[]... parts) {
        return Unpooled.wrappedBuffer(bytes0(parts));
    }

    private static byte[] bytes0(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static ByteBuf slice(byte[] all, int from, int to) {
        return Unpooled.wrappedBuffer(Arrays.copyOfRange(all, from, to));
    }
}
