package dev.sigyn.logql;

/** Order of entries in a log query's answer: FORWARD is oldest first, BACKWARD (Loki's default) newest first. */
public enum Direction { FORWARD, BACKWARD }
