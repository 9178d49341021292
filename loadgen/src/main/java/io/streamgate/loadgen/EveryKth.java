package io.streamgate.loadgen;

/**
 * A deterministic sample of a numbered stream: items {@code 0, k, 2k, ...}. Evenly spread over time at a fixed
 * rate (unlike a random sample, two runs sample the same orders and no burst of sampled orders can happen by chance).
 *
 * @param k one item in {@code k} is sampled
 */
record EveryKth(long k) {

    EveryKth {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }

    /** The sample closest to {@code share} (0 < share <= 1) of the items: 0.1 → every 10th, 0.3 → every 3rd. */
    static EveryKth ofShare(double share) {
        if (!(share > 0) || share > 1) {
            throw new IllegalArgumentException("sample share must be in (0, 1], got " + share);
        }
        return new EveryKth(Math.max(1, Math.round(1 / share)));
    }

    boolean sampled(long index) {
        return index % k == 0;
    }

    /** The share actually sampled (1 / k), for reports. */
    double share() {
        return 1.0 / k;
    }
}
