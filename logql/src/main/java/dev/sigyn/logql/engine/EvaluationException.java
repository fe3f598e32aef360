package dev.sigyn.logql.engine;

/** A query failed while being evaluated (the API answers it as a client error, like Loki). */
public class EvaluationException extends RuntimeException {
    public EvaluationException(String message) {
        super(message);
    }
}
