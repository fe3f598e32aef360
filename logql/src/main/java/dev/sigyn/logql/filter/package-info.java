/**
 * Line filters that decide on a log line's UTF-8 bytes without building Strings: substring search, RE2 regexes
 * (with literal fast paths), Loki patterns and {@code ip()} matching; built by {@link dev.sigyn.logql.filter.LineFilters}.
 */
package dev.sigyn.logql.filter;
