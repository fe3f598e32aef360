package dev.sigyn.distributor;

/** Why lines were refused; the tag values are Loki's {@code reason} label values. */
enum DiscardReason {
    INVALID_LABELS("invalid_labels"),
    MISSING_LABELS("missing_labels"),
    MAX_LABEL_NAMES_PER_SERIES("max_label_names_per_series"),
    LABEL_NAME_TOO_LONG("label_name_too_long"),
    LABEL_VALUE_TOO_LONG("label_value_too_long"),
    DUPLICATE_LABEL_NAMES("duplicate_label_names"),
    GREATER_THAN_MAX_SAMPLE_AGE("greater_than_max_sample_age"),
    TOO_FAR_IN_FUTURE("too_far_in_future"),
    LINE_TOO_LONG("line_too_long"),
    DISALLOWED_STRUCTURED_METADATA("disallowed_structured_metadata"),
    STRUCTURED_METADATA_TOO_LARGE("structured_metadata_too_large"),
    STRUCTURED_METADATA_TOO_MANY("structured_metadata_too_many"),
    RATE_LIMITED("rate_limited");

    final String tag;

    DiscardReason(String tag) {
        this.tag = tag;
    }
}
