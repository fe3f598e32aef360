package dev.sigyn.ingester;

/** Why a chunk left memory; the tag values match Loki's {@code reason} label on flushed-chunk metrics. */
enum FlushReason {
    FULL("full"), IDLE("idle"), MAX_AGE("max_age"), FORCED("forced");

    final String tag;

    FlushReason(String tag) { this.tag = tag; }

    static FlushReason ofTag(String tag) {
        for (FlushReason r : values()) if (r.tag.equals(tag)) return r;
        return FORCED;
    }
}
