package dev.sigyn.querier;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.util.List;

/**
 * A log query, checked: which streams the sources read (every matcher must match), the line filter they may apply
 * before anything else, and the whole query, whose pipeline the sources run over what passes.
 */
record LogQuery(List<LabelMatcher> matchers, LineFilter filter, LogSelectorExpr query) {

    /** True when the query has no stages beyond line filters ({@code {selector} |= "filter" ...}). */
    boolean onlyLineFilters() {
        return query.onlyLineFilters();
    }
}
