package io.streamgate.platform.edge;

import io.netty.buffer.ByteBuf;

/**
 * Where HTTP/2 frames begin in the bytes a client sends, read from their 9-byte headers without decoding anything
 * (RFC 9113, section 4.1): after the 24-byte connection preface, each frame is its header (payload length in 3 bytes,
 * then type, flags and stream id) and its payload. The connection guard needs one fact from it: that a HEADERS or
 * CONTINUATION frame, a request head, has begun, which the frame codec reports only once the whole head is in. Both the
 * header and the payload may be split across reads. One instance per connection, used on its event loop.
 */
final class Http2FrameStarts {

    private static final int PREFACE_BYTES = 24;
    private static final int FRAME_HEADER_BYTES = 9;
    private static final int HEADERS = 0x1;
    private static final int CONTINUATION = 0x9;

    private int prefaceLeft = PREFACE_BYTES;
    /** Payload bytes of the current frame still to come. */
    private int payloadLeft;
    private final byte[] header = new byte[FRAME_HEADER_BYTES];
    private int headerBytes;

    /** Reads past {@code bytes} (without consuming them); true if a HEADERS or CONTINUATION frame begins in them. */
    boolean headersBegin(ByteBuf bytes) {
        boolean begins = false;
        int index = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (index < end) {
            if (prefaceLeft > 0) {
                int skipped = Math.min(prefaceLeft, end - index);
                prefaceLeft -= skipped;
                index += skipped;
            } else if (payloadLeft > 0) {
                int skipped = Math.min(payloadLeft, end - index);
                payloadLeft -= skipped;
                index += skipped;
            } else {
                header[headerBytes++] = bytes.getByte(index++);
                if (headerBytes == FRAME_HEADER_BYTES) {
                    headerBytes = 0;
                    payloadLeft = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
                    int type = header[3] & 0xff;
                    begins |= type == HEADERS || type == CONTINUATION;
                }
            }
        }
        return begins;
    }
}
