package dev.sigyn.ruler.alerting;

/**
 * Two series of one evaluation have the same labels once the rule's labels are applied: Prometheus fails the
 * evaluation ("vector contains metrics with the same labelset after applying alert labels") and so do we.
 */
public final class DuplicateAlertException extends Exception {
    public DuplicateAlertException(String rule) {
        super("alerting rule " + rule + ": vector contains metrics with the same labelset after applying alert labels");
    }
}
