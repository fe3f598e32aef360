package dev.sigyn.querier;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.util.List;

/**
 * A log query as the sources execute it: which streams (every matcher must match) and which lines; with
 * {@code pipeline} set (a query with stages beyond line filters), the querier runs its pipeline over what the
 * sources return and {@code filter} holds only the leading line filters.
 */
record LogQuery(List<LabelMatcher> matchers, LineFilter filter, LogSelectorExpr pipeline) {
}
