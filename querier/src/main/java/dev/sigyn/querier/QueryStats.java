package dev.sigyn.querier;

/**
 * The figures behind the {@code stats} object of a query answer (Loki's {@code stats.Result}). Sigyn counts what its
 * sources handed back: lines and bytes after the line filter, since filtering happens inside the sources.
 */
record QueryStats(double execTimeSeconds, long linesProcessed, long bytesProcessed, long entriesReturned,
                  int subqueries) {

    long bytesPerSecond() {
        return execTimeSeconds > 0 ? (long) (bytesProcessed / execTimeSeconds) : 0;
    }

    long linesPerSecond() {
        return execTimeSeconds > 0 ? (long) (linesProcessed / execTimeSeconds) : 0;
    }
}
