package io.streamgate.faultlab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request the workload sent and what came of it, as Jepsen keeps its history: {@code ok} (2xx),
 * {@code refused} (4xx: nothing may have been written), {@code failed} (5xx, or no instance accepted the connection),
 * {@code indeterminate} (timeout or reset: it may or may not have happened). Written to {@code ledger.csv} as the
 * answers arrive, and kept in memory for the checker.
 */
final class Ledger implements AutoCloseable {

    enum Outcome { OK, REFUSED, FAILED, INDETERMINATE }

    /**
     * One request. {@code id} is what the checker finds the effect by (a payment's customer id, a trip part's trip
     * id, an order's id); {@code ref} is what the answer named (an asynchronous payment's id, an order id).
     */
    record Entry(long seq, String op, int instance, String id, long startMillis, long endMillis, int status,
                 Outcome outcome, String ref, String detail) {

        String csv() {
            return String.join(",", Long.toString(seq), op, Integer.toString(instance), id,
                    Long.toString(startMillis), Long.toString(endMillis), Integer.toString(status),
                    outcome.name().toLowerCase(), ref == null ? "" : ref, quote(detail));
        }

        private static String quote(String value) {
            if (value == null) {
                return "";
            }
            String flat = value.replace('\n', ' ').replace('\r', ' ');
            return flat.contains(",") || flat.contains("\"") ? "\"" + flat.replace("\"", "\"\"") + "\"" : flat;
        }
    }

    static final String HEADER = "seq,op,instance,id,start_ms,end_ms,status,outcome,ref,detail";

    private final AtomicLong sequence = new AtomicLong();
    private final List<Entry> entries = new ArrayList<>();
    private final BufferedWriter out;

    Ledger(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file);
            out.write(HEADER);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the ledger " + file, e);
        }
    }

    /** A ledger kept in memory only (tests). */
    Ledger() {
        out = null;
    }

    long nextSeq() {
        return sequence.incrementAndGet();
    }

    synchronized void record(Entry entry) {
        entries.add(entry);
        if (out != null) {
            try {
                out.write(entry.csv());
                out.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the ledger", e);
            }
        }
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** {@code outcome} of an HTTP status: 2xx ok, 4xx refused, anything else failed. */
    static Outcome outcomeOf(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.OK;
        }
        return status >= 400 && status < 500 ? Outcome.REFUSED : Outcome.FAILED;
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the ledger", e);
            }
        }
    }
}
