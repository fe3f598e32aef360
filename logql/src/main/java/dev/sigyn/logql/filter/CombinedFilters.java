package dev.sigyn.logql.filter;

import dev.sigyn.logql.LineFilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Negation, disjunction and conjunction of line filters. */
final class CombinedFilters {
    private CombinedFilters() {
    }

    static final LineFilter NONE = new LineFilter() {
        @Override
        public boolean test(byte[] buf, int off, int len) {
            return false;
        }

        @Override
        public String toString() {
            return "none";
        }
    };

    record Not(LineFilter inner) implements LineFilter {
        @Override
        public boolean test(byte[] buf, int off, int len) {
            return !inner.test(buf, off, len);
        }

        @Override
        public String toString() {
            return "not(" + inner + ")";
        }
    }

    static final class AnyOf implements LineFilter {
        final LineFilter[] filters;

        AnyOf(LineFilter[] filters) {
            this.filters = filters;
        }

        @Override
        public boolean test(byte[] buf, int off, int len) {
            for (LineFilter f : filters) {
                if (f.test(buf, off, len)) return true;
            }
            return false;
        }

        @Override
        public String toString() {
            return Arrays.stream(filters).map(String::valueOf).collect(Collectors.joining(", ", "anyOf(", ")"));
        }
    }

    static final class AllOf implements LineFilter {
        final LineFilter[] filters;

        AllOf(LineFilter[] filters) {
            this.filters = filters;
        }

        @Override
        public boolean test(byte[] buf, int off, int len) {
            for (LineFilter f : filters) {
                if (!f.test(buf, off, len)) return false;
            }
            return true;
        }

        @Override
        public List<byte[]> requiredLiterals() {
            List<byte[]> all = new ArrayList<>();
            for (LineFilter f : filters) all.addAll(f.requiredLiterals());
            return all;
        }

        @Override
        public String toString() {
            return Arrays.stream(filters).map(String::valueOf).collect(Collectors.joining(", ", "allOf(", ")"));
        }
    }
}
