package dev.sigyn.querier;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LineFilter;

import java.util.List;

/** A log query as the sources execute it: which streams (every matcher must match) and which lines. */
record LogQuery(List<LabelMatcher> matchers, LineFilter filter) {
}
