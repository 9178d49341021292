package io.streamgate.platform.idempotency;

import java.util.Map;

/** The response first given for an idempotency key, replayed to retries. */
record StoredResponse(int status, Map<String, String> headers, byte[] body) {
}
